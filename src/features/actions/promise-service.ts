import type { Logger } from 'pino';
import type { GroupRepository } from '../groups/group-repository';
import type { LinkRepository } from '../groups/link-repository';
import type { Group } from '../groups/model';
import { reachOf } from '../groups/reach';
import { decideActionAct, type ActionDenyReason } from './action-access';
import { isCalendarDate, swedishToday } from './dates';
import { field, idFromCard, textProblem, type TextProblem } from './form-ids';
import { PROMISE_LIMITS, promiseFormSchema } from './model';
import type { CitizenPromise, PromiseProgress, PromiseRepository } from './promise-repository';
import type { ActingPerson } from './action-service';
import type { ActionsReadApi } from './read-api';
import { validateActionText } from './text-guard';

export type PromiseProblem = TextProblem | { kind: 'invalidPromise' };

export type CreatePromiseResult =
  /** `created` is false when this form already made its promise (a resent submit). */
  | { ok: true; promise: CitizenPromise; created: boolean }
  | { ok: false; reason: 'denied'; denied: ActionDenyReason }
  | { ok: false; reason: 'invalid'; problem: PromiseProblem };

export interface PromiseServiceDeps {
  promises: PromiseRepository;
  reader: ActionsReadApi;
  repos: { groups: GroupRepository; links: LinkRepository };
  logger: Logger;
}

/** One promise with its progress over the linked actions the asker's group reaches. */
export type PromiseEntry = { promise: CitizenPromise; progress: PromiseProgress };

/**
 * Citizen promises (medborgarlöften): created by a steering group's coordinators, followed up through the
 * actions linked to them in the groups the asking group reaches (itself, a steering group's linked SSPF groups).
 */
export class PromiseService {
  constructor(private readonly deps: PromiseServiceDeps) {}

  /** Creates a promise from the promise form sent in `group` (`formId`: the form's message, for a stable id). */
  async create(input: { actor: ActingPerson; group: Group; form: unknown; formId?: string; now: Date }): Promise<CreatePromiseResult> {
    const { actor, group, now } = input;
    const decision = decideActionAct(actor, { kind: 'createPromise', groupKind: group.kind });
    if (!decision.allow || !actor.aadObjectId) return { ok: false, reason: 'denied', denied: decision.allow ? 'unidentified' : decision.reason };
    const parsed = promiseFormSchema.safeParse(input.form);
    if (!parsed.success) return { ok: false, reason: 'invalid', problem: { kind: 'invalidPromise' } };
    const form = parsed.data;
    if (!isCalendarDate(form.periodStart) || !isCalendarDate(form.periodEnd) || form.periodEnd < form.periodStart) {
      return { ok: false, reason: 'invalid', problem: { kind: 'invalidPromise' } };
    }
    const text = textProblem(
      validateActionText([
        field('promiseTitle', form.title, PROMISE_LIMITS.title),
        field('policeArea', form.policeArea, PROMISE_LIMITS.policeArea),
        ...form.commitments.map((value) => field('commitments', value, PROMISE_LIMITS.commitment))
      ])
    );
    if (text) return { ok: false, reason: 'invalid', problem: text };
    const at = now.toISOString();
    const promise: CitizenPromise = {
      id: idFromCard(group.id, input.formId),
      municipalityKey: group.municipalityKey,
      municipality: group.municipality,
      groupId: group.id,
      title: form.title,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      policeArea: form.policeArea,
      commitments: form.commitments,
      created: { by: actor.aadObjectId, byName: actor.name ?? '', at },
      updatedAt: at
    };
    const created = await this.deps.promises.create(promise);
    if (created) this.deps.logger.info({ groupId: group.id, promiseId: created.id }, 'citizen promise created');
    return { ok: true, promise: created ?? promise, created: !!created };
  }

  /** The municipality's promises with progress over the groups `group` reaches (newest period first). */
  async withProgress(group: Group, now: Date): Promise<PromiseEntry[]> {
    const reached = (await reachOf(group, this.deps.repos)).map((r) => r.group.id);
    return this.deps.reader.promisesWithProgress(group.municipalityKey, reached, swedishToday(now));
  }
}
