import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { onCardAction } from '../../bot/card-actions';
import type { CommandInput } from '../../bot/commands';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import { actorOf, localeLang, whereOf, type Where } from '../../bot/turn';
import type { Lang } from '../../i18n';
import { caseTexts } from '../../i18n/cases';
import { commonTexts } from '../../i18n/common';
import { checkCardBinding, type BoundObject, type CardBinding, type CardRecord } from '../../access/card-binding';
import {
  decideCaseChange, decideCaseLog, decideCaseLogPlace, decideCaseView, isSecurityEvent,
  type CaseAccessInput, type CaseAnswerPlace, type CaseChange, type CaseChangeReason, type CaseViewDecision, type IdentityRefusal
} from '../../access/case-access';
import { AuditLog } from '../../audit/case-audit-repository';
import { SecurityLog } from '../../audit/security-log-repository';
import { auditCsv, type AuditEntry, type NewAuditEntry } from '../../privacy/audit';
import { viewerChangesDuring, viewerChangesText } from '../../audit/viewer-changes';
import { groupLogTexts, labelTexts } from '../../i18n/groups';
import type { SendOutcome } from '../../bot/outbound';
import { updatePostedCard } from '../../bot/posted-card';
import { SCOPE_AGENCIES, consentState, type PolicyRules } from '../../privacy/consent-policy';
import type { Feature, FeatureContext } from '../feature';
import { personalLang } from '../groups/conversation-repository';
import type { Group, Member } from '../groups/model';
import {
  CASE_VERBS, MAX_REFRESH_USERS, agencyLabel, consentCard, dateText, detailsCard, exportCard, lifecycleCard, logCard, newCaseCard,
  observationCard, personalCaseCard, reasonText, retentionCard, summaryCard, withheldCard
} from './cards';
import { CaseRepository } from './case-repository';
import { HandbookLibrary } from './handbook';
import { completeStep, setChecked, startLifecycle } from './lifecycle';
import {
  caseFormSchema, checkConsent, consentFormSchema, observationFormSchema, parsePseudonym, policyCase, pseudonymSchema, type CaseFile, type Consent, type PostedCard
} from './model';
import { applyRetention, auditCutoff, retentionDue } from './retention';
import { removeCaseCopies } from './retention-copies';
import { STOCKHOLM } from '../../time-zone';

export { CaseRepository } from './case-repository';
export { CASE_VERBS } from './cards';

const ZONE = STOCKHOLM;
const caseRef = z.object({ groupId: z.string().min(1).max(300), caseId: pseudonymSchema });
const rawForm = z.record(z.unknown());

/** Who acts on a case: the case (point read) and the actor's membership in its owning group (point read). */
interface CaseAccess {
  caseFile?: CaseFile;
  member?: Member;
  aad?: string;
  teamsUserId: string;
  tenantId?: string;
  where: Where;
}

/** Individual cases under pseudonym, consent-gated disclosure, the audit log, retention and the handbook lifecycle. */
export const casesFeature: Feature = {
  name: 'cases',
  register(ctx: FeatureContext) {
    const { app, router, repos, clock, logger, config } = ctx;
    const cases = new CaseRepository(ctx.store);
    const audit = new AuditLog(ctx.store);
    const security = new SecurityLog(ctx.store);
    const handbooks = new HandbookLibrary();
    const rules: PolicyRules = { allowedTenants: config.allowedTenants, youthConsentAge: config.cases.youthConsentAge };
    ctx.summarySources.register({
      section: 'consents',
      read: async (scope) => ({ kind: 'consents', expiringWithin30Days: await cases.countConsentsExpiringWithin(scope.groupIds, 30, scope.now, rules) })
    });
    const handbookOf = (c: CaseFile) => handbooks.forMunicipality(c.municipalityKey);

    const isAdmin = (aad: string | undefined) => !!aad && config.adminAadIds.includes(aad.toLowerCase());
    const membershipOf = (m: Member | undefined) => m && { groupId: m.groupId, aadObjectId: m.aadObjectId, agency: m.agency, userRole: m.userRole, roles: m.roles };

    /** The plain inputs of src/access/case-access.ts for what was read. */
    const accessInput = (a: CaseAccess, place: CaseAnswerPlace = a.where.kind): CaseAccessInput => ({
      actor: { aadObjectId: a.aad, tenantId: a.tenantId, isAdmin: isAdmin(a.aad) },
      membership: membershipOf(a.member),
      place,
      caseFile: a.caseFile && { groupId: a.caseFile.groupId, tenantId: a.caseFile.tenantId, status: a.caseFile.status },
      allowedTenants: config.allowedTenants
    });

    const decide = (c: CaseFile | undefined, member: Member | undefined, aad: string | undefined, tenantId: string | undefined, place: CaseAnswerPlace): CaseViewDecision =>
      decideCaseView({ actor: { aadObjectId: aad, tenantId, isAdmin: isAdmin(aad) }, membership: membershipOf(member), place, caseFile: c && policyCase(c), rules, now: clock.now() });

    /**
     * Someone named a case they may not know of (missing, or another group's): the tenant's security log
     * gets the precise reason; the person gets the neutral text. A failed write is logged, not shown.
     */
    async function recordHidden(a: CaseAccess, pseudonym: string, action: string, via: 'execute' | 'refresh' | 'command' | 'http', reason: string): Promise<void> {
      try {
        await security.append({
          tenantId: a.tenantId ?? '-', at: clock.now().toISOString(), actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationType: a.where.kind,
          conversationId: a.where.conversationId, action, via, target: pseudonym, reason
        });
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'security log write failed');
      }
    }

    /** The precise reason behind a `noAccess` refusal, for the security log only. */
    const hiddenReason = (a: CaseAccess): string => (!a.caseFile ? 'unknownCase' : a.caseFile.tenantId && a.caseFile.tenantId !== a.tenantId ? 'otherTenant' : 'notMember');

    /** The consent in force now and its scope, in words (forms, confirmations, the case view). */
    const activeConsentText = (lang: Lang, c: CaseFile): string => {
      const t = caseTexts(lang);
      const active = c.consents.filter((k) => consentState(k, c.details?.birthYear, rules, clock.now()) === 'active');
      if (active.length === 0) return '';
      return active
        .map((k) => t.consentInForce(dateText(k.validUntil), SCOPE_AGENCIES.filter((x) => k.scope.includes(x)).map((x) => agencyLabel(lang, x).toLowerCase()).join(', ')))
        .join(' ');
    };

    /** Writes the audit entry; a reveal must not happen when this throws. */
    const record = (entry: Omit<NewAuditEntry, 'at'>) => audit.append({ ...entry, at: clock.now().toISOString() });

    const actorId = (aad: string | undefined, teamsUserId: string) => aad ?? `teams:${teamsUserId || 'unknown'}`;

    const conversationType = (where: Where): NewAuditEntry['conversationType'] => where.kind;

    /** Reads the case and the actor's membership in its group: exactly two point reads, no query. */
    async function caseAccess(context: TurnContext, groupId: string, pseudonym: string): Promise<CaseAccess> {
      const where = whereOf(context.activity);
      const actor = actorOf(context.activity);
      const caseFile = await cases.get(groupId, pseudonym);
      // The membership is read whether or not the case exists: the same reads either way (no existence oracle by timing).
      const member = actor.aadObjectId ? await repos.members.get(caseFile?.groupId ?? groupId, actor.aadObjectId) : undefined;
      return { caseFile, member, aad: actor.aadObjectId, teamsUserId: actor.teamsUserId, tenantId: where.tenantId, where };
    }

    /**
     * Finds the case a command names. In a group conversation: the group's own case. In personal chat:
     * through the pseudonym index, preferring a group the actor is a member of.
     */
    async function findCase(context: TurnContext, pseudonym: string): Promise<CaseAccess & { group?: Group }> {
      const where = whereOf(context.activity);
      const actor = actorOf(context.activity);
      if (where.groupKey) {
        const group = await repos.groups.getByKey(where.groupKey);
        if (!group) return { where, aad: actor.aadObjectId, teamsUserId: actor.teamsUserId, tenantId: where.tenantId };
        return { ...(await caseAccess(context, group.id, pseudonym)), group };
      }
      // Every owner is read, and a missing pseudonym reads one placeholder partition: the reads do not
      // depend on whether the person is a member (no existence oracle by timing).
      const owners = await cases.ownersOf(pseudonym);
      const found: CaseAccess[] = [];
      for (const owner of owners.length > 0 ? owners : [{ groupId: '-' }]) found.push(await caseAccess(context, owner.groupId, pseudonym));
      return found.find((f) => f.caseFile && f.member) ?? found.find((f) => f.caseFile) ?? found[0];
    }

    /**
     * The refresh list of a posted case card: every registered member of the owning group, whatever the
     * consent says (the list must not tell who is covered; each refresh is decided afresh). Above Teams'
     * limit of 60 nobody is listed and the "Visa detaljer" button is the way in. Depends on membership
     * only, so it is recomputed on membership changes, never on consent changes.
     */
    async function refreshUsers(c: CaseFile): Promise<string[]> {
      const ids = (await repos.members.list(c.groupId)).map((m) => m.teamsUserId).filter((id): id is string => !!id);
      return ids.length > MAX_REFRESH_USERS ? [] : ids;
    }

    async function groupLang(groupId: string): Promise<Lang> {
      return (await repos.groups.get(groupId))?.language ?? 'sv';
    }

    /** The messages the store records as this case's cards, for the binding check. */
    const recordedCards = (c: CaseFile): CardRecord[] =>
      c.postedCards.filter((p) => p.conversationKey.startsWith('conv:')).map((p) => ({ conversationId: p.conversationKey.slice(5), activityId: p.activityId }));

    /**
     * src/access/card-binding.ts for this invoke: may it update the message it came from? The group the
     * invoking conversation belongs to is read from the store (one point read), never taken from the card.
     */
    async function bindingOf(context: TurnContext, object: BoundObject | undefined): Promise<CardBinding> {
      const where = whereOf(context.activity);
      const group = where.groupKey ? await repos.groups.getByKey(where.groupKey) : undefined;
      return checkCardBinding({ kind: where.kind, conversationId: where.conversationId, replyToId: context.activity.replyToId, groupId: group?.id }, object);
    }

    /**
     * The binding rule for an invoke that acts on a case: in a channel or group chat it must come from a
     * message recorded as this case's card in this conversation, of this conversation's group; otherwise
     * it is refused before anything changes or is recorded. In personal chat nothing is updated for others.
     */
    async function refuseUnbound(context: TurnContext, c: CaseFile | undefined, lang: Lang): Promise<InvokeAnswer | undefined> {
      if (whereOf(context.activity).kind === 'personal') return undefined;
      const binding = await bindingOf(context, c && { groupId: c.groupId, cards: recordedCards(c) });
      if (binding.allowed) return undefined;
      logger.warn({ reason: binding.reason }, 'card action refused: not bound to its card');
      return { kind: 'message', text: caseTexts(lang).foreignCard };
    }

    /** Replaces, for everyone, the bound card the invoke came from (never in personal chat), and records it as a summary card. */
    async function replacePosted(context: TurnContext, c: CaseFile, lang: Lang): Promise<void> {
      const id = context.activity.replyToId;
      const where = whereOf(context.activity);
      if (!id || where.kind === 'personal') return;
      updatePostedCard(ctx.outbound, context, summaryCard(lang, c, handbookOf(c), '', await refreshUsers(c)), logger);
      await rememberPosted(c, `conv:${where.conversationId}`, id, 'summary');
    }

    /** Records a message the bot posted in a group conversation as this case's card (of a kind: only summaries are re-rendered). */
    async function rememberPosted(c: CaseFile, conversationKey: string, activityId: string, kind: PostedCard['kind']): Promise<void> {
      await cases.update(c.groupId, c.id, (cur) => {
        if (!cur) return undefined;
        const existing = cur.postedCards.find((p) => p.activityId === activityId && p.conversationKey === conversationKey);
        if (existing && (existing.kind ?? 'summary') === kind) return undefined;
        const others = cur.postedCards.filter((p) => p !== existing);
        return { ...cur, postedCards: [...others, { conversationKey, activityId, kind }].slice(-40) };
      });
    }

    /** Sends a case's card to a group conversation and records it as the case's card there. */
    async function postCard(context: TurnContext, c: CaseFile, card: ReturnType<typeof summaryCard>, kind: PostedCard['kind']): Promise<void> {
      const where = whereOf(context.activity);
      const sent = await context.sendActivity(cardMessage(card));
      if (sent?.id && where.kind !== 'personal') await rememberPosted(c, `conv:${where.conversationId}`, sent.id, kind);
    }

    /**
     * Makes revocation, expiry, membership changes and retention take effect on what was already shown:
     * every personal-chat message that showed details to someone the policy now refuses is replaced by the
     * withheld view, and the posted summary cards get a fresh refresh list. Returns how many earlier
     * detail messages could not be replaced yet (the next run retries them), so answers state only what is true.
     */
    async function reconcile(groupId: string, pseudonym: string, refreshPosted: boolean): Promise<number> {
      const c = await cases.get(groupId, pseudonym);
      if (!c) return 0;
      const lang = await groupLang(groupId);
      const handbook = handbookOf(c);
      const dropped: string[] = [];
      let failed = 0;
      for (const view of c.shownViews) {
        const member = await repos.members.get(c.groupId, view.aadObjectId);
        const conversation = await repos.conversations.get(view.conversationKey);
        const tenantId = conversation?.reference.conversation?.tenantId ?? c.tenantId;
        const d = decide(c, member, view.aadObjectId, tenantId, 'personal');
        if (d.decision === 'reveal') continue;
        try {
          if (conversation) sentOrThrow(await ctx.outbound.update(conversation.reference, view.activityId, cardMessage(withheldCard(personalLang(conversation, lang), c, handbook, d))));
          dropped.push(view.activityId);
          logger.info({ caseId: c.id, groupId: c.groupId, reason: d.reason }, 'personal detail view replaced by the withheld view');
        } catch (err) {
          failed++;
          logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not replace a personal detail view; will retry');
        }
      }
      if (dropped.length > 0) {
        await cases.update(groupId, pseudonym, (cur) => cur && { ...cur, shownViews: cur.shownViews.filter((v) => !dropped.includes(v.activityId)) });
      }

      if (refreshPosted && c.postedCards.length > 0) {
        const card = summaryCard(lang, c, handbook, '', await refreshUsers(c));
        for (const posted of c.postedCards.filter((p) => (p.kind ?? 'summary') === 'summary')) {
          const conversation = await repos.conversations.get(posted.conversationKey);
          if (!conversation) continue;
          try {
            sentOrThrow(await ctx.outbound.update(conversation.reference, posted.activityId, cardMessage(card)));
          } catch (err) {
            logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not update a posted case card');
          }
        }
      }
      return failed;
    }

    async function withPseudonym(context: TurnContext, input: CommandInput, command: string): Promise<string | undefined> {
      const pseudonym = parsePseudonym(input.args);
      if (!pseudonym) await context.sendActivity(caseTexts(input.lang).usage(command));
      return pseudonym;
    }

    /** The words for a refused change: identity refusals never tell whether the case exists. */
    function refusalText(lang: Lang, pseudonym: string, reason: CaseChangeReason | IdentityRefusal, act?: CaseChange): string {
      const t = caseTexts(lang);
      if (reason === 'noAccess' || reason === 'otherTenant') return t.hidden(pseudonym);
      if (reason === 'unregistered' || reason === 'guest') return t.nothingForYou(pseudonym, t.reason(reason, ''));
      if (reason === 'closedCase') return t.closedCase(pseudonym);
      if (reason === 'noAgency') return t.annanAgency;
      return act === 'lifecycleComplete' ? t.completerOnly : t.openerOnly;
    }

    /**
     * Asks src/access/case-access.ts whether `act` is allowed. A refusal is recorded (the security log for
     * a case one may not know of, the case audit otherwise) and returned as the answer's text.
     */
    async function refuseChange(a: CaseAccess, pseudonym: string, action: NewAuditEntry['action'], via: 'command' | 'execute', act: CaseChange, lang: Lang): Promise<string | undefined> {
      const decision = decideCaseChange(accessInput(a), act);
      if (decision.allowed) return undefined;
      if (isSecurityEvent(decision.reason)) {
        await recordHidden(a, pseudonym, `case.${action}`, via, hiddenReason(a));
      } else {
        await record({
          groupId: a.caseFile?.groupId ?? '-', caseId: pseudonym, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
          conversationType: conversationType(a.where), action, via, decision: 'refused', reason: decision.reason, viewerAgency: a.member?.agency
        });
      }
      return refusalText(lang, pseudonym, decision.reason, act);
    }

    /** A command about a case the actor cannot work with: answers the refusal; true when refused. */
    async function refuseCommand(context: TurnContext, a: CaseAccess, pseudonym: string, action: NewAuditEntry['action'], lang: Lang, act: CaseChange): Promise<boolean> {
      const text = await refuseChange(a, pseudonym, action, 'command', act, lang);
      if (text === undefined) return false;
      await context.sendActivity(text);
      return true;
    }

    // ärende ny: the form. Only in a registered SSPF group; coordinators and social services.
    router.register({
      id: 'cases.new',
      aliases: { sv: ['ärende ny', 'nytt ärende'], en: ['case new', 'new case'] },
      help: { sv: 'Öppna ett individärende under pseudonym (samordnare och socialtjänst).', en: 'Open an individual case under a pseudonym (coordinators and social services).' },
      async handler(context, input) {
        const access = await ctx.access.resolve(context);
        const t = caseTexts(input.lang);
        if (access.where.kind === 'personal' || !access.group || access.group.kind !== 'sspf') return void (await context.sendActivity(t.sspfOnly));
        if (!access.member && !access.coordinator) return void (await context.sendActivity(commonTexts(input.lang).notMember));
        if (access.member && access.member.userRole !== 'user') return void (await context.sendActivity(t.noGuests));
        if (!access.coordinator && access.member?.agency !== 'socialtjanst') return void (await context.sendActivity(t.openerOnly));
        const sent = await context.sendActivity(cardMessage(newCaseCard(access.groupLang)));
        if (sent?.id) await cases.rememberNewCaseForm(access.group.id, access.where.conversationId, sent.id);
      }
    });

    onCardAction(app, CASE_VERBS.create, rawForm, async (context, data) => {
      const access = await ctx.access.resolve(context);
      const lang = access.userLang;
      const t = caseTexts(lang);
      if (access.where.kind === 'personal' || !access.group || access.group.kind !== 'sspf') return { kind: 'message', text: t.sspfOnly };
      if (!access.member || access.member.userRole !== 'user') return { kind: 'message', text: access.member ? t.noGuests : commonTexts(lang).notMember };
      if (!access.coordinator && access.member.agency !== 'socialtjanst') return { kind: 'message', text: t.openerOnly };
      // Bound to a new-case form the bot posted in this very conversation of this group (and used once).
      const forms = (await cases.newCaseForms(access.group.id)).map((f) => ({ conversationId: f.conversationId, activityId: f.activityId }));
      const binding = await bindingOf(context, { groupId: access.group.id, cards: forms });
      if (!binding.allowed) return { kind: 'message', text: t.foreignCard };
      const parsed = caseFormSchema.safeParse(data);
      const year = DateTime.fromJSDate(clock.now(), { zone: ZONE }).year;
      if (!parsed.success || parsed.data.birthYear > year) return { kind: 'card', card: newCaseCard(lang, t.invalidCase) };
      if (!(await cases.takeNewCaseForm(access.group.id, access.where.conversationId, context.activity.replyToId!))) return { kind: 'message', text: t.foreignCard };
      const group = access.group;
      const aad = access.actor.aadObjectId!;
      const now = clock.now().toISOString();
      const handbook = handbooks.forMunicipality(group.municipalityKey);
      let created: CaseFile | undefined;
      for (let attempt = 0; attempt < 5 && !created; attempt++) {
        const pseudonym = await cases.nextPseudonym(group.municipalityKey, year);
        created = await cases.create({
          id: pseudonym, groupId: group.id, municipalityKey: group.municipalityKey, tenantId: group.tenantId ?? access.where.tenantId,
          status: 'open', createdAt: now, createdBy: aad, updatedAt: now, details: parsed.data, observations: [], consents: [],
          lifecycle: startLifecycle(handbook), shownViews: [], postedCards: []
        });
      }
      if (!created) throw new Error('could not allocate a pseudonym');
      await record({
        groupId: group.id, caseId: created.id, actorAadObjectId: aad, conversationId: access.where.conversationId,
        conversationType: access.where.kind, action: 'create', via: 'execute', decision: 'allowed', reason: 'created', viewerAgency: access.member.agency
      });
      logger.info({ groupId: group.id, caseId: created.id }, 'case opened');
      await replacePosted(context, created, access.groupLang);
      return { kind: 'card', card: summaryCard(lang, created, handbook, t.created(created.id), [], 'Good') };
    });

    /** Visa detaljer and refresh: the policy decides, the audit entry is stored, then the answer is sent. */
    onCardAction(app, CASE_VERBS.view, caseRef, async (context, data): Promise<InvokeAnswer> => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const via = (context.activity.value as { trigger?: string } | undefined)?.trigger === 'automatic' ? 'refresh' : 'execute';
      const d = decide(a.caseFile, a.member, a.aad, a.tenantId, 'userSpecific');
      if (d.answer === 'hidden') {
        await recordHidden(a, data.caseId, 'case.view', via, hiddenReason(a));
        return { kind: 'message', text: t.hidden(data.caseId) };
      }
      try {
        await record({
          groupId: a.caseFile?.groupId ?? '-', caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
          conversationType: conversationType(a.where), action: 'view', via, decision: d.decision, reason: d.reason, consentId: d.consentId,
          agencies: d.decision === 'reveal' ? d.agencies : undefined, viewerAgency: a.member?.agency
        });
      } catch (err) {
        logger.error({ err: (err as Error).message, caseId: data.caseId }, 'audit write failed; nothing revealed');
        return { kind: 'message', text: t.auditFailed };
      }
      if (d.decision === 'reveal' && a.caseFile) return { kind: 'card', card: detailsCard(lang, a.caseFile, handbookOf(a.caseFile), d, a.teamsUserId) };
      if (!a.caseFile || d.answer !== 'withheld') return { kind: 'message', text: t.nothingForYou(data.caseId, reasonText(lang, d)) };
      // In personal chat the withheld view keeps its refresh, so a later consent shows details there without a new message.
      return { kind: 'card', card: withheldCard(lang, a.caseFile, handbookOf(a.caseFile), d, a.where.kind === 'personal' && a.teamsUserId ? [a.teamsUserId] : []) };
    });

    // ärende K-…: in a group the posted summary (never details) with a refresh for allowed members; in personal chat details after the check.
    router.register({
      id: 'cases.show',
      aliases: { sv: ['ärende'], en: ['case'] },
      help: { sv: 'Visa ett individärende (detaljer bara om samtycket tillåter).', en: 'Show an individual case (details only when the consent allows).' },
      usage: { sv: 'ärende K-2026-014', en: 'case K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, input.lang === 'sv' ? 'ärende' : 'case');
        if (!pseudonym) return;
        const t = caseTexts(input.lang);
        const a = await findCase(context, pseudonym);
        const where = a.where;
        if (where.kind !== 'personal') {
          if (await refuseCommand(context, a, pseudonym, 'summary', input.lang, 'summary')) return;
          const c = a.caseFile!;
          await record({
            groupId: c.groupId, caseId: c.id, actorAadObjectId: a.aad!, conversationId: where.conversationId, conversationType: where.kind,
            action: 'summary', via: 'command', decision: 'withhold', reason: 'postedMessage', viewerAgency: a.member?.agency
          });
          await postCard(context, c, summaryCard(a.group?.language ?? 'sv', c, handbookOf(c), '', await refreshUsers(c)), 'summary');
          return;
        }
        const d = decide(a.caseFile, a.member, a.aad, a.tenantId, 'personal');
        if (d.answer === 'hidden') {
          await recordHidden(a, pseudonym, 'case.view', 'command', hiddenReason(a));
          return void (await context.sendActivity(t.hidden(pseudonym)));
        }
        try {
          // A reveal here sends no details (they come with the refresh, audited then): recorded as what it is.
          await record({
            groupId: a.caseFile?.groupId ?? '-', caseId: pseudonym, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: where.conversationId,
            conversationType: 'personal', via: 'command', viewerAgency: a.member?.agency,
            ...(d.decision === 'reveal'
              ? { action: 'summary' as const, decision: 'allowed' as const, reason: 'personalCard' }
              : { action: 'view' as const, decision: d.decision, reason: d.reason, consentId: d.consentId })
          });
        } catch (err) {
          logger.error({ err: (err as Error).message, caseId: pseudonym }, 'audit write failed; nothing revealed');
          return void (await context.sendActivity(t.auditFailed));
        }
        if (!a.caseFile || d.answer !== 'withheld' && d.decision !== 'reveal') return void (await context.sendActivity(t.nothingForYou(pseudonym, reasonText(input.lang, d))));
        // Details are never the stored body of a message: the message is the withheld view with a refresh
        // for this viewer alone, and Teams fetches the details through the refresh invoke, which the policy
        // decides afresh every time. Revocation, expiry and removal therefore need no message to be
        // replaced, and no send in flight can leave details behind.
        const c = a.caseFile;
        const body = d.decision === 'reveal' ? personalCaseCard(input.lang, c, handbookOf(c), a.teamsUserId) : withheldCard(input.lang, c, handbookOf(c), d, a.teamsUserId ? [a.teamsUserId] : []);
        await context.sendActivity(cardMessage(body));
      }
    });

    // observation K-…: the form; the agency comes from the author's role.
    router.register({
      id: 'cases.observation',
      aliases: { sv: ['observation'], en: ['observation'] },
      help: { sv: 'Lägg till din verksamhets observation i ett ärende.', en: "Add your agency's observation to a case." },
      usage: { sv: 'observation K-2026-014', en: 'observation K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, 'observation');
        if (!pseudonym) return;
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'observation', input.lang, 'observe')) return;
        await postCard(context, a.caseFile!, observationCard(input.lang, a.caseFile!, a.member!.agency, clock.now()), 'form');
      }
    });

    onCardAction(app, CASE_VERBS.observe, caseRef.passthrough(), async (context, data) => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const unbound = await refuseUnbound(context, a.caseFile, lang);
      if (unbound) return unbound;
      const refused = await refuseChange(a, data.caseId, 'observation', 'execute', 'observe', lang);
      if (refused !== undefined) return { kind: 'message', text: refused };
      await record({
        groupId: a.caseFile!.groupId, caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'observation', via: 'execute', decision: 'allowed', reason: 'added', viewerAgency: a.member?.agency
      });
      const parsed = observationFormSchema.safeParse(data);
      if (!parsed.success) return { kind: 'card', card: observationCard(lang, a.caseFile!, a.member!.agency, clock.now(), t.invalidObservation) };
      const now = clock.now().toISOString();
      const { doc } = await cases.update(data.groupId, data.caseId, (cur) =>
        cur && { ...cur, updatedAt: now, observations: [...cur.observations, { id: randomUUID(), agency: a.member!.agency, date: parsed.data.date, text: parsed.data.text, authorAadObjectId: a.aad!, createdAt: now }] }
      );
      logger.info({ groupId: data.groupId, caseId: data.caseId, agency: a.member!.agency }, 'observation added');
      await replacePosted(context, doc!, await groupLang(data.groupId));
      return { kind: 'card', card: summaryCard(lang, doc!, handbookOf(doc!), t.observationSaved(data.caseId), [], 'Good') };
    });

    // samtycke K-…: the consent form (coordinators and social services of the owning group).
    router.register({
      id: 'cases.consent',
      aliases: { sv: ['samtycke'], en: ['consent'] },
      help: { sv: 'Registrera vårdnadshavarnas samtycke för ett ärende (samordnare, socialtjänst).', en: "Register the guardians' consent for a case (coordinators, social services)." },
      usage: { sv: 'samtycke K-2026-014', en: 'consent K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, input.lang === 'sv' ? 'samtycke' : 'consent');
        if (!pseudonym) return;
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'consent', input.lang, 'consent')) return;
        await postCard(context, a.caseFile!, consentCard(input.lang, a.caseFile!, clock.now(), config.cases.consentDefaultValidMonths, '', activeConsentText(input.lang, a.caseFile!)), 'form');
      }
    });

    onCardAction(app, CASE_VERBS.consent, caseRef.passthrough(), async (context, data) => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const unbound = await refuseUnbound(context, a.caseFile, lang);
      if (unbound) return unbound;
      const refused = await refuseChange(a, data.caseId, 'consent', 'execute', 'consent', lang);
      if (refused !== undefined) return { kind: 'message', text: refused };
      const base = {
        groupId: a.caseFile!.groupId, caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'consent' as const, via: 'execute' as const, viewerAgency: a.member?.agency
      };
      if (!a.caseFile?.details) {
        await record({ ...base, decision: 'refused', reason: 'detailsDeleted' });
        return { kind: 'message', text: t.reason('detailsDeleted', '') };
      }
      const c = a.caseFile;
      const parsed = consentFormSchema.safeParse(data);
      if (!parsed.success) return { kind: 'card', card: consentCard(lang, c, clock.now(), config.cases.consentDefaultValidMonths, t.invalidConsent, activeConsentText(lang, c)) };
      const checked = checkConsent(parsed.data, c.details!.birthYear, { youthConsentAge: config.cases.youthConsentAge, defaultMonths: config.cases.consentDefaultValidMonths }, clock.now());
      if (checked.problems.length > 0) {
        await record({ ...base, decision: 'refused', reason: `incomplete:${checked.problems.join('+')}` });
        return { kind: 'card', card: consentCard(lang, c, clock.now(), config.cases.consentDefaultValidMonths, t.consentRejected(checked.problems.map((p) => t.consentProblem(p)).join('; ')), activeConsentText(lang, c)) };
      }
      const now = clock.now().toISOString();
      const consent: Consent = {
        id: randomUUID(), scope: parsed.data.scope, guardiansWithCustody: parsed.data.guardiansWithCustody, guardiansSigned: parsed.data.guardiansSigned,
        youthSigned: parsed.data.youthSigned, matureEnough: parsed.data.matureEnough, youthRequired: checked.youthRequired, signedAt: checked.signedAt,
        validUntil: checked.validUntil, archiveRef: parsed.data.archiveRef, registeredBy: a.aad!, registeredAt: now
      };
      // Supersession: unless the form says otherwise, the new consent replaces every consent active now;
      // a replaced one is revoked with reason "ersatt" and stays in the history.
      const replaces = data.replaces !== false && data.replaces !== 'false';
      const replaced: Consent[] = [];
      const { doc } = await cases.update(c.groupId, c.id, (cur) => {
        if (!cur) return undefined;
        replaced.length = 0;
        const consents = cur.consents.map((k) => {
          if (!replaces || consentState(k, cur.details?.birthYear, rules, clock.now()) !== 'active') return k;
          replaced.push(k);
          return { ...k, revokedAt: now, revokedBy: a.aad!, revokedReason: 'ersatt' as const };
        });
        return { ...cur, updatedAt: now, consents: [...consents, consent] };
      });
      for (const k of replaced) await record({ ...base, action: 'revoke', decision: 'allowed', reason: 'ersatt', consentId: k.id, agencies: k.scope });
      await record({ ...base, decision: 'allowed', reason: replaced.length > 0 ? 'registered:replaces' : 'registered', consentId: consent.id, agencies: consent.scope });
      logger.info({ groupId: c.groupId, caseId: c.id, consentId: consent.id, replaced: replaced.length }, 'consent registered');
      await replacePosted(context, doc!, await groupLang(c.groupId));
      await reconcile(c.groupId, c.id, false);
      const inForce = activeConsentText(lang, doc!);
      const notice = [t.consentSaved(c.id, dateText(consent.validUntil)), replaced.length > 0 ? t.consentReplaced(replaced.length) : '', inForce].filter(Boolean).join(' ');
      return { kind: 'card', card: summaryCard(lang, doc!, handbookOf(doc!), notice, [], 'Good') };
    });

    // återkalla samtycke K-…: immediate effect everywhere.
    router.register({
      id: 'cases.revoke',
      aliases: { sv: ['återkalla samtycke'], en: ['revoke consent'] },
      help: { sv: 'Återkalla samtycket för ett ärende med omedelbar verkan.', en: 'Revoke the consent for a case with immediate effect.' },
      usage: { sv: 'återkalla samtycke K-2026-014', en: 'revoke consent K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, input.lang === 'sv' ? 'återkalla samtycke' : 'revoke consent');
        if (!pseudonym) return;
        const t = caseTexts(input.lang);
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'revoke', input.lang, 'revoke')) return;
        const c = a.caseFile!;
        const now = clock.now();
        const revokedIds: string[] = [];
        await cases.update(c.groupId, c.id, (cur) => {
          if (!cur) return undefined;
          revokedIds.length = 0;
          const consents = cur.consents.map((k) => {
            if (k.revokedAt || Date.parse(k.validUntil) <= now.getTime()) return k;
            revokedIds.push(k.id);
            return { ...k, revokedAt: now.toISOString(), revokedBy: a.aad!, revokedReason: 'revoked' as const };
          });
          return revokedIds.length > 0 ? { ...cur, consents, updatedAt: now.toISOString() } : undefined;
        });
        for (const consentId of revokedIds.length > 0 ? revokedIds : [undefined]) {
          await record({
            groupId: c.groupId, caseId: c.id, actorAadObjectId: a.aad!, conversationId: a.where.conversationId, conversationType: a.where.kind,
            action: 'revoke', via: 'command', decision: revokedIds.length > 0 ? 'allowed' : 'refused', reason: revokedIds.length > 0 ? 'revoked' : 'nothingToRevoke', consentId, viewerAgency: a.member?.agency
          });
        }
        if (revokedIds.length === 0) return void (await context.sendActivity(t.nothingToRevoke(c.id)));
        logger.info({ groupId: c.groupId, caseId: c.id, revoked: revokedIds.length }, 'consent revoked');
        const left = await reconcile(c.groupId, c.id, false);
        await context.sendActivity(left > 0 ? t.revokedPending(c.id, revokedIds.length, left) : t.revoked(c.id, revokedIds.length));
      }
    });

    /** Next to the log (personal chat only): viewers' agency/role changes from the group log in its period. */
    const sendViewerChanges = async (context: TurnContext, lang: Lang, pseudonym: string, groupId: string, entries: AuditEntry[]) => {
      if (whereOf(context.activity).kind !== 'personal') return;
      const changes = viewerChangesDuring(entries, await repos.groupAudit.listForGroup(groupId));
      if (changes.length > 0) await context.sendActivity({ type: 'message', text: viewerChangesText(groupLogTexts(lang), labelTexts(lang), pseudonym, changes), textFormat: 'markdown' });
    };

    // logg K-…: coordinators of the owning group; reading the log is itself audited.
    router.register({
      id: 'cases.log',
      aliases: { sv: ['logg'], en: ['log'] },
      help: { sv: 'Samordnare: se vem som sett vad i ett ärende, och exportera loggen som CSV.', en: 'Coordinators: see who saw what in a case, and export the log as CSV.' },
      usage: { sv: 'logg K-2026-014', en: 'log K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, input.lang === 'sv' ? 'logg' : 'log');
        if (!pseudonym) return;
        const t = caseTexts(input.lang);
        // Outside personal chat: one neutral line, decided before anything is read, so it cannot depend on the case.
        if (!decideCaseLogPlace(whereOf(context.activity).kind).allowed) return void (await context.sendActivity(t.logPersonalOnly));
        const a = await findCase(context, pseudonym);
        const decision = decideCaseLog(accessInput(a));
        if (!decision.allowed) {
          if (isSecurityEvent(decision.reason)) await recordHidden(a, pseudonym, 'case.log', 'command', hiddenReason(a));
          else {
            await record({
              groupId: a.caseFile?.groupId ?? '-', caseId: pseudonym, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
              conversationType: a.where.kind, action: 'log', via: 'command', decision: 'refused', reason: decision.reason, viewerAgency: a.member?.agency
            });
          }
          const text = decision.reason === 'notCoordinator' ? t.coordinatorOnly : decision.reason === 'personalChatOnly' ? t.logPersonalOnly : refusalText(input.lang, pseudonym, decision.reason);
          return void (await context.sendActivity(text));
        }
        const c = a.caseFile!;
        await record({
          groupId: c.groupId, caseId: c.id, actorAadObjectId: a.aad!, conversationId: a.where.conversationId, conversationType: a.where.kind,
          action: 'log', via: 'command', decision: 'allowed', reason: 'read', viewerAgency: a.member?.agency
        });
        const [entries, members] = await Promise.all([audit.listForCase(c.groupId, c.id), repos.members.list(c.groupId)]);
        const names = new Map(members.map((m) => [m.aadObjectId, m.name ?? m.aadObjectId]));
        await context.sendActivity(cardMessage(logCard(input.lang, c.id, c.groupId, entries, names)));
        await sendViewerChanges(context, input.lang, c.id, c.groupId, entries);
      }
    });

    // The export button: a one-time link, shown only to the coordinator who pressed it.
    onCardAction(app, CASE_VERBS.exportLog, z.object({ groupId: z.string().min(1).max(300) }), async (context, data) => {
      const lang = localeLang(context);
      const where = whereOf(context.activity);
      const actor = actorOf(context.activity);
      const member = actor.aadObjectId ? await repos.members.get(data.groupId, actor.aadObjectId) : undefined;
      const group = await repos.groups.get(data.groupId);
      // The export link, like the log, is handed out only in personal chat (the log card is only sent there).
      const decision = decideCaseLog({
        actor: { aadObjectId: actor.aadObjectId, tenantId: where.tenantId, isAdmin: isAdmin(actor.aadObjectId) },
        membership: membershipOf(member),
        place: where.kind,
        caseFile: group && { groupId: group.id, tenantId: group.tenantId, status: 'open' },
        allowedTenants: config.allowedTenants
      });
      await record({
        groupId: data.groupId, caseId: '*', actorAadObjectId: actorId(actor.aadObjectId, actor.teamsUserId), conversationId: where.conversationId,
        conversationType: where.kind, action: 'export', via: 'execute', decision: decision.allowed ? 'allowed' : 'refused', reason: decision.allowed ? 'linkIssued' : decision.reason, viewerAgency: member?.agency
      });
      if (!decision.allowed) return { kind: 'message', text: decision.reason === 'personalChatOnly' ? caseTexts(lang).logPersonalOnly : caseTexts(lang).coordinatorOnly };
      const token = randomBytes(32).toString('base64url');
      await cases.createExportLink({
        id: `x:${createHash('sha256').update(token).digest('base64url')}`, groupId: data.groupId, requestedBy: actor.aadObjectId!,
        expiresAt: new Date(clock.now().getTime() + 10 * 60000).toISOString()
      });
      return { kind: 'card', card: exportCard(lang, `${config.cases.publicBaseUrl}/api/cases/log-export?token=${token}`) };
    });

    ctx.http.push((server) =>
      server.get('/api/cases/log-export', async (req: Request, res: Response) => {
        const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
        if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return void res.send(404, { error: 'NotFound' });
        const now = clock.now();
        const link = await cases.consumeExportLink(`x:${createHash('sha256').update(token).digest('base64url')}`, now);
        if (!link) return void res.send(404, { error: 'NotFound' });
        // Re-check the role at download time: a coordinator removed since the click gets nothing.
        const [member, group] = await Promise.all([repos.members.get(link.groupId, link.requestedBy), repos.groups.get(link.groupId)]);
        // The download happens outside Teams: the place was checked when the link was issued; role and membership are re-checked now.
        const ok = decideCaseLog({
          actor: { aadObjectId: link.requestedBy, tenantId: group?.tenantId ?? 'local', isAdmin: isAdmin(link.requestedBy) },
          membership: membershipOf(member),
          place: 'personal',
          caseFile: group && { groupId: group.id, tenantId: group.tenantId, status: 'open' },
          allowedTenants: group?.tenantId ? config.allowedTenants : []
        }).allowed;
        try {
          await audit.append({
            groupId: link.groupId, caseId: '*', at: now.toISOString(), actorAadObjectId: link.requestedBy, conversationId: '-', conversationType: 'system',
            action: 'export', via: 'http', decision: ok ? 'allowed' : 'refused', reason: ok ? 'downloaded' : 'notCoordinator', viewerAgency: member?.agency
          });
        } catch (err) {
          logger.error({ err: (err as Error).message, groupId: link.groupId }, 'audit write failed; export refused');
          return void res.send(503, { error: 'AuditUnavailable' });
        }
        if (!ok) return void res.send(403, { error: 'Forbidden' });
        const [entries, members] = await Promise.all([audit.listForGroup(link.groupId), repos.members.list(link.groupId)]);
        const csv = auditCsv(entries, new Map(members.map((m) => [m.aadObjectId, m.name ?? ''])));
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="trygg-logg-${now.toISOString().slice(0, 10)}.csv"`,
          'cache-control': 'no-store'
        });
        res.end(csv);
      })
    );

    // A membership change takes effect at once: earlier detail messages to someone who lost access are
    // replaced, and every posted case card of the group gets the new refresh list (membership, not consent).
    ctx.membershipEvents.on(async ({ groupId }) => {
      for (const c of await cases.listByGroup(groupId)) {
        if (c.shownViews.length > 0 || c.postedCards.length > 0) await reconcile(groupId, c.id, true);
      }
    });

    // säkerhetslogg: the tenant's security log (attempts to name a case one may not know of), admins only, personal chat only.
    router.register({
      id: 'cases.securityLog',
      aliases: { sv: ['säkerhetslogg'], en: ['security log'] },
      help: { sv: 'Administratörer: försök att nå ärenden man inte har tillgång till (personlig chatt).', en: 'Administrators: attempts to reach cases without access (personal chat).' },
      async handler(context, input) {
        const t = caseTexts(input.lang);
        const where = whereOf(context.activity);
        if (!decideCaseLogPlace(where.kind).allowed) return void (await context.sendActivity(t.logPersonalOnly));
        const actor = actorOf(context.activity);
        const allowedTenant = !!where.tenantId && (config.allowedTenants.length === 0 || config.allowedTenants.includes(where.tenantId));
        if (!isAdmin(actor.aadObjectId) || !allowedTenant) return void (await context.sendActivity(t.securityLogAdminOnly));
        const events = await security.listForTenant(where.tenantId!, 50);
        const lines = events.map((e) => `${DateTime.fromISO(e.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')} · ${e.actorAadObjectId} · ${e.action} · ${e.target} · ${e.reason} · ${e.conversationType}`);
        await context.sendActivity(`**${t.securityLogTitle}**\n\n${lines.length > 0 ? lines.join('\n\n') : t.securityLogEmpty}`);
      }
    });

    // arbetsgång K-…: the handbook's steps and the current step's checklist (no details).
    router.register({
      id: 'cases.lifecycle',
      aliases: { sv: ['arbetsgång', 'steg'], en: ['process', 'steps'] },
      help: { sv: 'Visa ärendets steg och checklista enligt handboken.', en: "Show the case's steps and checklist from the handbook." },
      usage: { sv: 'arbetsgång K-2026-014', en: 'process K-2026-014' },
      async handler(context, input) {
        const pseudonym = await withPseudonym(context, input, input.lang === 'sv' ? 'arbetsgång' : 'process');
        if (!pseudonym) return;
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'lifecycle', input.lang, 'lifecycleCheck')) return;
        await postCard(context, a.caseFile!, lifecycleCard(input.lang, a.caseFile!, handbookOf(a.caseFile!)), 'lifecycle');
      }
    });

    const lifecycleData = caseRef.extend({ step: z.string().min(1).max(40) }).passthrough();
    const checkedItems = (data: Record<string, unknown>) =>
      Object.entries(data).filter(([k, v]) => k.startsWith('item_') && (v === true || v === 'true')).map(([k]) => k.slice(5));

    const changeLifecycle = async (context: TurnContext, data: z.infer<typeof lifecycleData>, complete: boolean): Promise<InvokeAnswer> => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const unbound = await refuseUnbound(context, a.caseFile, lang);
      if (unbound) return unbound;
      const refused = await refuseChange(a, data.caseId, 'lifecycle', 'execute', complete ? 'lifecycleComplete' : 'lifecycleCheck', lang);
      if (refused !== undefined) return { kind: 'message', text: refused };
      const base = {
        groupId: a.caseFile!.groupId, caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'lifecycle' as const, via: 'execute' as const, viewerAgency: a.member?.agency
      };
      const c = a.caseFile!;
      const handbook = handbookOf(c);
      if (c.status !== 'open' || c.lifecycle.step !== data.step) return { kind: 'card', card: lifecycleCard(lang, c, handbook, t.staleStep, false) };
      const now = clock.now();
      let outcome: ReturnType<typeof completeStep> | undefined;
      const { doc } = await cases.update(c.groupId, c.id, (cur) => {
        if (!cur || cur.status !== 'open' || cur.lifecycle.step !== data.step) return undefined;
        const lifecycle = setChecked(handbook, cur.lifecycle, data.step, checkedItems(data));
        if (!complete) return { ...cur, lifecycle, updatedAt: now.toISOString() };
        outcome = completeStep(handbook, lifecycle, data.step, a.aad!, now.toISOString());
        if (!outcome.ok) return { ...cur, lifecycle, updatedAt: now.toISOString() };
        const next: CaseFile = { ...cur, lifecycle: outcome.lifecycle, updatedAt: now.toISOString() };
        if (outcome.closed) Object.assign(next, { status: 'closed', closedAt: now.toISOString(), followUpOn: undefined });
        if (data.step === 'atgardsplan' || data.step === 'uppfoljning') {
          next.followUpOn = DateTime.fromJSDate(now, { zone: ZONE }).plus({ days: handbook.followUpAfterDays }).toISODate()!;
        }
        return next;
      });
      const current = doc ?? c;
      const stepTitle = handbook.steps.find((s) => s.id === data.step)?.title ?? data.step;
      let status = t.checklistSaved;
      let ok = true;
      if (complete && outcome && !outcome.ok) {
        ok = false;
        const open = outcome.problem === 'requiredOpen' ? (outcome.open ?? []) : [];
        const step = handbook.steps.find((s) => s.id === data.step);
        status = outcome.problem === 'requiredOpen' ? t.requiredOpen(open.map((id) => step?.items.find((i) => i.id === id)?.text ?? id).join('; ')) : t.staleStep;
      } else if (complete && outcome?.ok) {
        status = outcome.closed ? t.caseClosed(c.id) : t.stepCompleted(stepTitle);
      }
      await record({ ...base, decision: ok ? 'allowed' : 'refused', reason: complete ? (ok ? `completed:${data.step}` : `requiredOpen:${data.step}`) : `checked:${data.step}` });
      const card = lifecycleCard(lang, current, handbook, status, ok);
      if (a.where.kind !== 'personal') updatePostedCard(ctx.outbound, context, lifecycleCard(await groupLang(c.groupId), current, handbook), logger);
      return { kind: 'card', card };
    };
    onCardAction(app, CASE_VERBS.check, lifecycleData, (context, data) => changeLifecycle(context, data, false));
    onCardAction(app, CASE_VERBS.complete, lifecycleData, (context, data) => changeLifecycle(context, data, true));

    // gallring: what is due and what was deleted, as counts (coordinators).
    router.register({
      id: 'cases.retention',
      aliases: { sv: ['gallring'], en: ['retention'] },
      help: { sv: 'Samordnare: vad som ska gallras och vad som har gallrats (antal).', en: 'Coordinators: what is due for deletion and what was deleted (counts).' },
      async handler(context, input) {
        const access = await ctx.access.resolve(context);
        const t = caseTexts(input.lang);
        if (access.where.kind === 'personal' || !access.group) return void (await context.sendActivity(commonTexts(input.lang).notInGroup));
        if (!access.coordinator) return void (await context.sendActivity(commonTexts(input.lang).coordinatorOnly));
        const now = clock.now();
        const r = config.cases;
        let details = 0;
        let consents = 0;
        for (const c of await cases.listByGroup(access.group.id)) {
          const due = retentionDue(c, r, now);
          if (due.details) details++;
          consents += due.consentIds.length;
        }
        const auditDue = await audit.countOlderThan(access.group.id, auditCutoff(r, now));
        const report = await cases.retentionReport(access.group.id);
        const last = report?.runs[0];
        await context.sendActivity(
          cardMessage(
            retentionCard(input.lang, {
              due: t.retentionDue(details, consents, auditDue),
              last: last ? t.retentionLast(DateTime.fromISO(last.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'), last.caseDetails, last.consents, last.auditEntries) : t.retentionNever,
              rules: t.retentionRules(r.detailsRetentionMonths, r.consentRetentionMonths, r.auditRetentionMonths)
            })
          )
        );
      }
    });

    /** Daily retention: details of closed cases, ended consents and old audit entries are deleted from Cosmos. */
    ctx.jobs.add({
      name: 'cases.retention',
      schedule: '15 2 * * *',
      timezone: ZONE,
      async run(now) {
        for (const group of await repos.groups.listAll()) {
          let caseDetails = 0;
          let consents = 0;
          for (const c of await cases.listByGroup(group.id)) {
            const planned = retentionDue(c, config.cases, now);
            if (!planned.details && planned.consentIds.length === 0) continue;
            let applied = { details: false, consentIds: [] as string[] };
            let before: CaseFile | undefined;
            await cases.update(group.id, c.id, (cur) => {
              if (!cur) return undefined;
              before = cur;
              applied = retentionDue(cur, config.cases, now);
              return applied.details || applied.consentIds.length > 0 ? applyRetention(cur, applied, now) : undefined;
            });
            if (applied.details) caseDetails++;
            consents += applied.consentIds.length;
            if (applied.details && before) {
              // Every copy of the case's text goes too: linked indicated actions, agendas and notes repeating it.
              const copies = await removeCaseCopies(ctx.store, before, now);
              if (copies.actions + copies.meetings > 0) logger.info({ groupId: group.id, caseId: c.id, ...copies }, 'retention removed copies of case text');
              await reconcile(group.id, c.id, false);
            }
          }
          const auditEntries = await audit.deleteOlderThan(group.id, auditCutoff(config.cases, now));
          if (caseDetails + consents + auditEntries > 0) {
            await audit.append({
              groupId: group.id, caseId: '*', at: now.toISOString(), actorAadObjectId: 'system', conversationId: '-', conversationType: 'system',
              action: 'retention', via: 'job', decision: 'allowed', reason: `deleted:details=${caseDetails},consents=${consents},audit=${auditEntries}`
            });
          }
          await cases.recordRetention(group.id, { at: now.toISOString(), caseDetails, consents, auditEntries });
          if (caseDetails + consents + auditEntries > 0) logger.info({ groupId: group.id, caseDetails, consents, auditEntries }, 'retention deleted case data');
        }
        // Older copies in local persistence (snapshots, journal segments) must not keep what was deleted.
        await ctx.store.compact();
      }
    });

    /** Hourly: expired consents take effect on personal-chat messages that showed details. */
    ctx.jobs.add({
      name: 'cases.consent-expiry',
      schedule: '5 * * * *',
      timezone: ZONE,
      async run() {
        for (const group of await repos.groups.listAll()) {
          for (const c of await cases.listByGroup(group.id)) {
            if (c.shownViews.length > 0) await reconcile(group.id, c.id, false);
          }
        }
      }
    });
  }
};

/** An update of a message is only done when Teams took it; anything else is retried by the next reconcile. */
function sentOrThrow(outcome: SendOutcome): void {
  if (outcome.status !== 'sent') throw new Error(`update ${outcome.status}: ${outcome.reason}`);
}
