import type { Logger } from 'pino';
import { checkCardBinding, type CardRecord, type InvokeOrigin } from '../../access/card-binding';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { Group, Member } from '../groups/model';
import { decideActionAct, type ActionActor, type ActionDenyReason } from './action-access';
import type { ActionEntry } from './action-read-models';
import type { ActionRepository } from './action-repository';
import { checkCaseLink, type CaseLookup } from './case-link';
import { swedishToday } from './dates';
import { field, idFromCard, textProblem, type TextProblem } from './form-ids';
import { ACTION_LIMITS, type Action, type ActionStatus, type Stamp } from './model';
import type { CitizenPromise, PromiseRepository } from './promise-repository';
import { checkProposal, type CheckedProposal, type ProposalLookups, type ProposalProblem } from './proposal';
import { applyCommand, type ActionCommand, type CommandType } from './status';
import { validateActionText } from './text-guard';

/** Who acts, as the handler resolved them (store, not card): identity, standing, display name for cards. */
export interface ActingPerson extends ActionActor {
  /** Display name shown on the card's status lines; never logged. */
  name?: string;
}

/** Where a form's submit came from (the activity, never the card data). `conversationId`: the root id. */
export interface FormOrigin {
  kind: InvokeOrigin['kind'];
  conversationId: string;
  /** The message holding the submitted form. */
  replyToId?: string;
}

/** The proposal forms the bot recorded (`PostedForms` fits): a proposal is created only from one, once. */
export interface ProposalForms {
  find(kind: 'action', groupId: string, conversationId: string, activityId: string | undefined): Promise<CardRecord[]>;
  take(kind: 'action', groupId: string, conversationId: string, activityId: string): Promise<boolean>;
}

export interface ActionServiceDeps {
  actions: ActionRepository;
  promises: PromiseRepository;
  members: Pick<MemberRepository, 'get' | 'list' | 'membershipsOf'>;
  groups: Pick<GroupRepository, 'get'>;
  cases: CaseLookup;
  forms: ProposalForms;
  logger: Logger;
}

export type ProposeResult =
  /** `created` is false when this form already made its action (a resent or double-clicked submit). */
  | { ok: true; action: Action; created: boolean }
  | { ok: false; reason: 'denied'; denied: ActionDenyReason }
  /** Not a proposal form the bot recorded in this conversation of this group, or one already used. */
  | { ok: false; reason: 'foreignForm'; detail: string }
  | { ok: false; reason: 'invalid'; problem: ProposalProblem };

export type CommandResult =
  /** `changed` is false when it had already happened (a double click, another coordinator's decision). */
  | { ok: true; action: Action; changed: boolean }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'denied'; denied: ActionDenyReason }
  /** The note was refused (too long, personal data) or is required: the stored action, unchanged. */
  | { ok: false; reason: 'noteRefused'; action: Action; problem: TextProblem }
  | { ok: false; reason: 'textRequired'; action: Action }
  | { ok: false; reason: 'illegal'; from: ActionStatus; to: ActionStatus };

/** Actions (read-model entries) and their groups across a person's memberships. */
export interface PersonalList {
  groups: Group[];
  /** Shared with other turns (derived once per version of the read models): never changed. */
  actions: readonly ActionEntry[];
}

function commandOf(type: CommandType, note: string): ActionCommand {
  if (type === 'reject' || type === 'cancel') return { type, reason: note };
  if (type === 'done') return { type, outcome: note };
  return { type };
}

function stampOf(actor: ActingPerson, aadObjectId: string, now: Date): Stamp {
  return { by: aadObjectId, byName: actor.name ?? '', at: now.toISOString() };
}

/** A new proposed action from a checked proposal; its id follows from the form's message. */
function newAction(group: Group, checked: CheckedProposal, by: Stamp, origin: FormOrigin): Action {
  const { form, owner } = checked;
  return {
    id: idFromCard(group.id, origin.replyToId),
    groupId: group.id,
    municipalityKey: group.municipalityKey,
    title: form.title,
    description: form.description,
    level: form.level,
    area: checked.area,
    casePseudonym: checked.casePseudonym,
    agency: form.agency,
    ownerAad: owner.aadObjectId,
    ownerName: owner.name ?? '',
    dueDate: form.dueDate,
    promiseId: form.promiseId || undefined,
    status: 'foreslagen',
    created: by,
    history: [{ ...by, from: null, to: 'foreslagen' }],
    posted: origin.replyToId ? { conversationId: origin.conversationId, activityId: origin.replyToId } : undefined,
    updatedAt: by.at
  };
}

/**
 * The use cases of actions (insatser): proposing from a recorded form, coordinator decisions and follow-up
 * through the status table, and the follow-up lists. Who may do what is decided by `decideActionAct`
 * (`action-access.ts`) inside each use case, whatever the trigger; cards and posting stay with the handlers.
 */
export class ActionService {
  constructor(private readonly deps: ActionServiceDeps) {}

  /** Proposes an action from a submitted proposal form. */
  async propose(input: { actor: ActingPerson; group: Group; origin: FormOrigin; form: unknown; now: Date }): Promise<ProposeResult> {
    const { actor, group, origin, now } = input;
    const decision = decideActionAct(actor, { kind: 'propose' });
    if (!decision.allow || !actor.aadObjectId) return { ok: false, reason: 'denied', denied: decision.allow ? 'unidentified' : decision.reason };
    const formId = origin.replyToId;
    const recorded = await this.deps.forms.find('action', group.id, origin.conversationId, formId);
    const binding = checkCardBinding({ ...origin, groupId: group.id }, { groupId: group.id, cards: recorded });
    if (!binding.allowed || !formId) return this.madeFrom(group, origin, binding.reason);
    const checked = await checkProposal(group, input.form, swedishToday(now), this.lookups(group));
    if (!checked.ok) return { ok: false, reason: 'invalid', problem: checked.problem };
    // Of two concurrent submits of one form, only one takes it; the other answers what it made.
    if (!(await this.deps.forms.take('action', group.id, origin.conversationId, formId))) return this.madeFrom(group, origin, 'formUsed');
    const action = newAction(group, checked.value, stampOf(actor, actor.aadObjectId, now), origin);
    const created = await this.deps.actions.create(action);
    const stored = created ?? (await this.deps.actions.get(group.id, action.id));
    if (!stored) throw new Error('action vanished after create');
    if (created) this.deps.logger.info({ groupId: group.id, actionId: stored.id, level: stored.level, promise: !!stored.promiseId }, 'action proposed');
    return { ok: true, action: stored, created: !!created };
  }

  /** A repeated submit of the form that already made its action answers that action; anything else is foreign. */
  private async madeFrom(group: Group, origin: FormOrigin, detail: string): Promise<ProposeResult> {
    const existing = origin.replyToId ? await this.deps.actions.get(group.id, idFromCard(group.id, origin.replyToId)) : undefined;
    const bound = existing?.posted && checkCardBinding({ ...origin, groupId: group.id }, { groupId: existing.groupId, cards: [existing.posted] }).allowed;
    if (existing && bound) return { ok: true, action: existing, created: false };
    this.deps.logger.warn({ groupId: group.id, reason: detail }, 'action proposal refused: not from a recorded form');
    return { ok: false, reason: 'foreignForm', detail };
  }

  private lookups(group: Group): ProposalLookups {
    return {
      caseLink: (pseudonym) => checkCaseLink(this.deps.cases, group.id, pseudonym),
      member: (aad) => this.deps.members.get(group.id, aad),
      promiseExists: async (id) => !!(await this.deps.promises.get(group.municipalityKey, id))
    };
  }

  /** Approves, rejects, starts, finishes or cancels a stored action of `group` (the decision is re-made here). */
  async apply(input: { actor: ActingPerson; group: Group; actionId: string; type: CommandType; note?: string; now: Date }): Promise<CommandResult> {
    const { actor, group, type, now } = input;
    const current = await this.deps.actions.get(group.id, input.actionId);
    if (!current) return { ok: false, reason: 'notFound' };
    // The server decides, whatever the card offered: role first, then the stored state.
    const decision = decideActionAct(actor, { kind: 'command', type, ownerAad: current.ownerAad });
    if (!decision.allow || !actor.aadObjectId) return { ok: false, reason: 'denied', denied: decision.allow ? 'unidentified' : decision.reason };
    const note = (input.note ?? '').trim();
    const refused = note ? textProblem(validateActionText([field('note', note, ACTION_LIMITS.note)])) : undefined;
    if (refused) return { ok: false, reason: 'noteRefused', action: current, problem: refused };
    const who = stampOf(actor, actor.aadObjectId, now);
    let result: ReturnType<typeof applyCommand> | undefined;
    const { doc, changed } = await this.deps.actions.update(group.id, input.actionId, (stored) => {
      if (!stored) return undefined;
      result = applyCommand(stored, commandOf(type, note), who);
      return result.kind === 'changed' ? result.action : undefined;
    });
    if (!doc || !result) return { ok: false, reason: 'notFound' };
    if (result.kind === 'refused') {
      return result.reason === 'textRequired' ? { ok: false, reason: 'textRequired', action: doc } : { ok: false, reason: 'illegal', from: result.from, to: result.to };
    }
    if (changed) this.deps.logger.info({ groupId: group.id, actionId: doc.id, status: doc.status }, 'action status changed');
    return { ok: true, action: doc, changed };
  }

  /** What the proposal form offers: the group's members as owners, the municipality's citizen promises. */
  async proposalChoices(group: Group): Promise<{ members: Member[]; promises: CitizenPromise[] }> {
    const [members, promises] = await Promise.all([this.deps.members.list(group.id), this.deps.promises.listForMunicipality(group.municipalityKey)]);
    return { members, promises };
  }

  /** The title of the promise an action is linked to, for its card. */
  async promiseTitle(action: Action): Promise<string | undefined> {
    return action.promiseId ? (await this.deps.promises.get(action.municipalityKey, action.promiseId))?.title : undefined;
  }

  /** `insatser`: proposed, approved or started actions of the group, by due date (its read model). */
  openInGroup(group: Group): Promise<readonly ActionEntry[]> {
    return this.deps.actions.openEntries(group.id);
  }

  /** `försenade` in a group: its approved or started actions past their due date (its read model). */
  overdueInGroup(group: Group, now: Date): Promise<readonly ActionEntry[]> {
    return this.deps.actions.overdueEntries([group.id], swedishToday(now));
  }

  /** `försenade` in personal chat: overdue actions of every group the person is a member of (a read model each). */
  async overdueForPerson(aadObjectId: string | undefined, now: Date): Promise<PersonalList> {
    const groups = await this.groupsOf(aadObjectId);
    return { groups, actions: await this.deps.actions.overdueEntries(groups.map((g) => g.id), swedishToday(now)) };
  }

  /** `mina insatser`: open actions the person owns, in every group they are a member of (a read model each). */
  async ownedBy(aadObjectId: string | undefined): Promise<PersonalList> {
    const groups = await this.groupsOf(aadObjectId);
    return { groups, actions: await this.deps.actions.ownedEntries(groups.map((g) => g.id), aadObjectId ?? '') };
  }

  /** The groups a person is a member of. */
  private async groupsOf(aadObjectId: string | undefined): Promise<Group[]> {
    if (!aadObjectId) return [];
    const memberships = await this.deps.members.membershipsOf(aadObjectId);
    const groups = await Promise.all(memberships.map((m) => this.deps.groups.get(m.groupId)));
    return groups.filter((g): g is Group => !!g);
  }
}
