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
import { AuditLog, auditCsv, type NewAuditEntry } from '../../privacy/audit';
import type { SendOutcome } from '../../bot/outbound';
import { updatePostedCard } from '../../bot/posted-card';
import { decideDisclosure, type Disclosure, type PolicyAudience, type PolicyRules } from '../../privacy/consent-policy';
import type { Feature, FeatureContext } from '../feature';
import { personalLang } from '../groups/conversation-repository';
import type { Group, Member } from '../groups/model';
import { isCoordinator } from '../groups/roles';
import {
  CASE_VERBS, MAX_REFRESH_USERS, consentCard, dateText, detailsCard, exportCard, lifecycleCard, logCard, newCaseCard,
  observationCard, reasonText, retentionCard, summaryCard, withheldCard
} from './cards';
import { CaseRepository } from './case-repository';
import { HandbookLibrary } from './handbook';
import { completeStep, setChecked, startLifecycle } from './lifecycle';
import {
  caseFormSchema, checkConsent, consentFormSchema, observationFormSchema, parsePseudonym, policyCase, pseudonymSchema, type CaseFile, type Consent
} from './model';
import { applyRetention, auditCutoff, retentionDue } from './retention';

export { CaseRepository } from './case-repository';
export { CASE_VERBS } from './cards';

const ZONE = 'Europe/Stockholm';
const caseRef = z.object({ groupId: z.string().min(1).max(300), caseId: pseudonymSchema });
const rawForm = z.record(z.unknown());
const IDENTITY_REASONS = new Set(['unregistered', 'otherTenant', 'notMember', 'guest', 'unknownCase', 'error']);

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
    const handbooks = new HandbookLibrary();
    const rules: PolicyRules = { allowedTenants: config.allowedTenants, youthConsentAge: config.cases.youthConsentAge };
    ctx.summarySources.register({
      section: 'consents',
      read: async (scope) => ({ kind: 'consents', expiringWithin30Days: await cases.countConsentsExpiringWithin(scope.groupIds, 30, scope.now, rules) })
    });
    const handbookOf = (c: CaseFile) => handbooks.forMunicipality(c.municipalityKey);

    const decide = (c: CaseFile | undefined, member: Member | undefined, aad: string | undefined, tenantId: string | undefined, audience: PolicyAudience): Disclosure =>
      decideDisclosure({
        viewer: { aadObjectId: aad, tenantId, membership: member && { groupId: member.groupId, aadObjectId: member.aadObjectId, agency: member.agency, userRole: member.userRole } },
        audience,
        caseFile: c && policyCase(c),
        rules,
        now: clock.now()
      });

    /** Writes the audit entry; a reveal must not happen when this throws. */
    const record = (entry: Omit<NewAuditEntry, 'at'>) => audit.append({ ...entry, at: clock.now().toISOString() });

    const actorId = (aad: string | undefined, teamsUserId: string) => aad ?? `teams:${teamsUserId || 'unknown'}`;

    const conversationType = (where: Where): NewAuditEntry['conversationType'] => where.kind;

    /** Reads the case and the actor's membership in its group: exactly two point reads, no query. */
    async function caseAccess(context: TurnContext, groupId: string, pseudonym: string): Promise<CaseAccess> {
      const where = whereOf(context.activity);
      const actor = actorOf(context.activity);
      const caseFile = await cases.get(groupId, pseudonym);
      const member = caseFile && actor.aadObjectId ? await repos.members.get(caseFile.groupId, actor.aadObjectId) : undefined;
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
      let first: CaseAccess | undefined;
      for (const owner of await cases.ownersOf(pseudonym)) {
        const found = await caseAccess(context, owner.groupId, pseudonym);
        if (found.caseFile && found.member) return found;
        first ??= found;
      }
      return first ?? { where, aad: actor.aadObjectId, teamsUserId: actor.teamsUserId, tenantId: where.tenantId };
    }

    /** A non-guest member of the group that owns the case, in the case's tenant. */
    const isWorkingMember = (a: CaseAccess) =>
      !!a.caseFile && !!a.member && a.member.userRole === 'user' && (!a.caseFile.tenantId || a.caseFile.tenantId === a.tenantId);
    const canManage = (a: CaseAccess) =>
      isWorkingMember(a) && (a.member!.agency === 'socialtjanst' || isCoordinator(a.member, a.aad, config.adminAadIds));

    /** Teams user ids of the group's members the policy allows a user-specific view (at most 60). */
    async function allowedViewers(c: CaseFile): Promise<string[]> {
      if (!c.details) return [];
      const members = await repos.members.list(c.groupId);
      return members
        .filter((m) => m.teamsUserId && decide(c, m, m.aadObjectId, c.tenantId, { kind: 'userSpecific' }).decision === 'reveal')
        .map((m) => m.teamsUserId!)
        .slice(0, MAX_REFRESH_USERS);
    }

    async function groupLang(groupId: string): Promise<Lang> {
      return (await repos.groups.get(groupId))?.language ?? 'sv';
    }

    /** Replaces the posted card the invoke came from, for everyone, and remembers it for later updates. */
    async function replacePosted(context: TurnContext, c: CaseFile, lang: Lang): Promise<void> {
      const id = context.activity.replyToId;
      if (!id) return;
      const where = whereOf(context.activity);
      const card = where.kind === 'personal' ? summaryCard(lang, c, handbookOf(c)) : summaryCard(lang, c, handbookOf(c), '', await allowedViewers(c));
      updatePostedCard(ctx.outbound, context, card, logger);
      if (where.kind !== 'personal') await rememberPosted(c, `conv:${where.conversationId}`, id);
    }

    async function rememberPosted(c: CaseFile, conversationKey: string, activityId: string): Promise<void> {
      await cases.update(c.groupId, c.id, (cur) =>
        !cur || cur.postedCards.some((p) => p.activityId === activityId && p.conversationKey === conversationKey)
          ? undefined
          : { ...cur, postedCards: [...cur.postedCards, { conversationKey, activityId }].slice(-20) }
      );
    }

    /**
     * Makes revocation, expiry, membership changes and retention take effect on what was already shown:
     * every personal-chat message that showed details to someone the policy now refuses is replaced by the
     * withheld view, and the posted summary cards get a fresh refresh list.
     */
    async function reconcile(groupId: string, pseudonym: string, refreshPosted: boolean): Promise<void> {
      const c = await cases.get(groupId, pseudonym);
      if (!c) return;
      const lang = await groupLang(groupId);
      const handbook = handbookOf(c);
      const dropped: string[] = [];
      for (const view of c.shownViews) {
        const member = await repos.members.get(c.groupId, view.aadObjectId);
        const conversation = await repos.conversations.get(view.conversationKey);
        const tenantId = conversation?.reference.conversation?.tenantId ?? c.tenantId;
        const d = decide(c, member, view.aadObjectId, tenantId, { kind: 'personal' });
        if (d.decision === 'reveal') continue;
        try {
          if (conversation) sentOrThrow(await ctx.outbound.update(conversation.reference, view.activityId, cardMessage(withheldCard(personalLang(conversation, lang), c, handbook, d))));
          dropped.push(view.activityId);
          logger.info({ caseId: c.id, groupId: c.groupId, reason: d.reason }, 'personal detail view replaced by the withheld view');
        } catch (err) {
          logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not replace a personal detail view; will retry');
        }
      }
      if (dropped.length > 0) {
        await cases.update(groupId, pseudonym, (cur) => cur && { ...cur, shownViews: cur.shownViews.filter((v) => !dropped.includes(v.activityId)) });
      }
      if (refreshPosted && c.postedCards.length > 0) {
        const card = summaryCard(lang, c, handbook, '', await allowedViewers(c));
        for (const posted of c.postedCards) {
          const conversation = await repos.conversations.get(posted.conversationKey);
          if (!conversation) continue;
          try {
            sentOrThrow(await ctx.outbound.update(conversation.reference, posted.activityId, cardMessage(card)));
          } catch (err) {
            logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not update a posted case card');
          }
        }
      }
    }

    async function withPseudonym(context: TurnContext, input: CommandInput, command: string): Promise<string | undefined> {
      const pseudonym = parsePseudonym(input.args);
      if (!pseudonym) await context.sendActivity(caseTexts(input.lang).usage(command));
      return pseudonym;
    }

    /** Refuses a command about a case the actor cannot work with; audits the refusal. Returns true when refused. */
    async function refuseCommand(context: TurnContext, a: CaseAccess, pseudonym: string, action: NewAuditEntry['action'], lang: Lang, allowed: boolean, refusal: string): Promise<boolean> {
      const where = whereOf(context.activity);
      const identity = !a.caseFile || !isWorkingMember(a);
      if (!identity && allowed) return false;
      const reason = !a.caseFile ? 'unknownCase' : !a.member ? (a.aad ? 'notMember' : 'unregistered') : a.member.userRole !== 'user' ? 'guest' : identity ? 'otherTenant' : 'notPermitted';
      await record({
        groupId: a.caseFile?.groupId ?? '-', caseId: pseudonym, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: where.conversationId,
        conversationType: conversationType(where), action, via: 'command', decision: 'refused', reason, viewerAgency: a.member?.agency
      });
      const t = caseTexts(lang);
      await context.sendActivity(
        !a.caseFile ? t.notFound(pseudonym) : identity ? t.nothingForYou(pseudonym, t.reason(reason === 'unregistered' ? 'unregistered' : reason, '')) : refusal
      );
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
        await context.sendActivity(cardMessage(newCaseCard(access.groupLang)));
      }
    });

    onCardAction(app, CASE_VERBS.create, rawForm, async (context, data) => {
      const access = await ctx.access.resolve(context);
      const lang = access.userLang;
      const t = caseTexts(lang);
      if (access.where.kind === 'personal' || !access.group || access.group.kind !== 'sspf') return { kind: 'message', text: t.sspfOnly };
      if (!access.member || access.member.userRole !== 'user') return { kind: 'message', text: access.member ? t.noGuests : commonTexts(lang).notMember };
      if (!access.coordinator && access.member.agency !== 'socialtjanst') return { kind: 'message', text: t.openerOnly };
      const parsed = caseFormSchema.safeParse(data);
      const year = DateTime.fromJSDate(clock.now(), { zone: ZONE }).year;
      if (!parsed.success || parsed.data.birthYear > year) return { kind: 'card', card: newCaseCard(lang, t.invalidCase) };
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
      const d = decide(a.caseFile, a.member, a.aad, a.tenantId, { kind: 'userSpecific' });
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
      if (!a.caseFile || IDENTITY_REASONS.has(d.reason)) return { kind: 'message', text: t.nothingForYou(data.caseId, reasonText(lang, d)) };
      return { kind: 'card', card: withheldCard(lang, a.caseFile, handbookOf(a.caseFile), d) };
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
          if (await refuseCommand(context, a, pseudonym, 'summary', input.lang, true, '')) return;
          const c = a.caseFile!;
          await record({
            groupId: c.groupId, caseId: c.id, actorAadObjectId: a.aad!, conversationId: where.conversationId, conversationType: where.kind,
            action: 'summary', via: 'command', decision: 'withhold', reason: 'postedMessage', viewerAgency: a.member?.agency
          });
          const sent = await context.sendActivity(cardMessage(summaryCard(a.group?.language ?? 'sv', c, handbookOf(c), '', await allowedViewers(c))));
          if (sent?.id) await rememberPosted(c, `conv:${where.conversationId}`, sent.id);
          return;
        }
        const d = decide(a.caseFile, a.member, a.aad, a.tenantId, { kind: 'personal' });
        try {
          await record({
            groupId: a.caseFile?.groupId ?? '-', caseId: pseudonym, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: where.conversationId,
            conversationType: 'personal', action: 'view', via: 'command', decision: d.decision, reason: d.reason, consentId: d.consentId,
            agencies: d.decision === 'reveal' ? d.agencies : undefined, viewerAgency: a.member?.agency
          });
        } catch (err) {
          logger.error({ err: (err as Error).message, caseId: pseudonym }, 'audit write failed; nothing revealed');
          return void (await context.sendActivity(t.auditFailed));
        }
        if (!a.caseFile) return void (await context.sendActivity(t.notFound(pseudonym)));
        if (d.decision !== 'reveal') {
          if (IDENTITY_REASONS.has(d.reason)) return void (await context.sendActivity(t.nothingForYou(pseudonym, reasonText(input.lang, d))));
          return void (await context.sendActivity(cardMessage(withheldCard(input.lang, a.caseFile, handbookOf(a.caseFile), d))));
        }
        const c = a.caseFile;
        const sent = await context.sendActivity(cardMessage(detailsCard(input.lang, c, handbookOf(c), d, a.teamsUserId)));
        if (sent?.id && a.aad) {
          const view = { aadObjectId: a.aad, conversationKey: `user:${a.aad}`, activityId: sent.id, at: clock.now().toISOString() };
          try {
            await cases.update(c.groupId, c.id, (cur) => cur && { ...cur, shownViews: [...cur.shownViews, view] });
          } catch (err) {
            logger.error({ err: (err as Error).message, caseId: c.id }, 'could not remember a personal detail view');
          }
        }
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
        const t = caseTexts(input.lang);
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'observation', input.lang, a.member?.agency !== 'annan' && a.caseFile?.status === 'open', a.caseFile?.status !== 'open' ? t.closedCase(pseudonym) : t.annanAgency)) return;
        await context.sendActivity(cardMessage(observationCard(input.lang, a.caseFile!, a.member!.agency, clock.now())));
      }
    });

    onCardAction(app, CASE_VERBS.observe, caseRef.passthrough(), async (context, data) => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const ok = isWorkingMember(a) && a.member!.agency !== 'annan' && a.caseFile!.status === 'open';
      await record({
        groupId: a.caseFile?.groupId ?? '-', caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'observation', via: 'execute', decision: ok ? 'allowed' : 'refused', reason: ok ? 'added' : 'notPermitted', viewerAgency: a.member?.agency
      });
      if (!ok) return { kind: 'message', text: !a.caseFile ? t.notFound(data.caseId) : !isWorkingMember(a) ? t.nothingForYou(data.caseId, t.reason(a.member ? 'guest' : 'notMember', '')) : a.caseFile.status !== 'open' ? t.closedCase(data.caseId) : t.annanAgency };
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
        if (await refuseCommand(context, a, pseudonym, 'consent', input.lang, canManage(a), caseTexts(input.lang).openerOnly)) return;
        await context.sendActivity(cardMessage(consentCard(input.lang, a.caseFile!, clock.now(), config.cases.consentDefaultValidMonths)));
      }
    });

    onCardAction(app, CASE_VERBS.consent, caseRef.passthrough(), async (context, data) => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const base = {
        groupId: a.caseFile?.groupId ?? '-', caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'consent' as const, via: 'execute' as const, viewerAgency: a.member?.agency
      };
      if (!canManage(a) || !a.caseFile?.details) {
        await record({ ...base, decision: 'refused', reason: 'notPermitted' });
        return { kind: 'message', text: !a.caseFile ? t.notFound(data.caseId) : !a.caseFile.details ? t.reason('detailsDeleted', '') : t.openerOnly };
      }
      const c = a.caseFile;
      const parsed = consentFormSchema.safeParse(data);
      if (!parsed.success) return { kind: 'card', card: consentCard(lang, c, clock.now(), config.cases.consentDefaultValidMonths, t.invalidConsent) };
      const checked = checkConsent(parsed.data, c.details!.birthYear, { youthConsentAge: config.cases.youthConsentAge, defaultMonths: config.cases.consentDefaultValidMonths }, clock.now());
      if (checked.problems.length > 0) {
        await record({ ...base, decision: 'refused', reason: `incomplete:${checked.problems.join('+')}` });
        return { kind: 'card', card: consentCard(lang, c, clock.now(), config.cases.consentDefaultValidMonths, t.consentRejected(checked.problems.map((p) => t.consentProblem(p)).join('; '))) };
      }
      const now = clock.now().toISOString();
      const consent: Consent = {
        id: randomUUID(), scope: parsed.data.scope, guardiansWithCustody: parsed.data.guardiansWithCustody, guardiansSigned: parsed.data.guardiansSigned,
        youthSigned: parsed.data.youthSigned, matureEnough: parsed.data.matureEnough, youthRequired: checked.youthRequired, signedAt: checked.signedAt,
        validUntil: checked.validUntil, archiveRef: parsed.data.archiveRef, registeredBy: a.aad!, registeredAt: now
      };
      const { doc } = await cases.update(c.groupId, c.id, (cur) => cur && { ...cur, updatedAt: now, consents: [...cur.consents, consent] });
      await record({ ...base, decision: 'allowed', reason: 'registered', consentId: consent.id, agencies: consent.scope });
      logger.info({ groupId: c.groupId, caseId: c.id, consentId: consent.id }, 'consent registered');
      await replacePosted(context, doc!, await groupLang(c.groupId));
      await reconcile(c.groupId, c.id, true);
      return { kind: 'card', card: summaryCard(lang, doc!, handbookOf(doc!), t.consentSaved(c.id, dateText(consent.validUntil)), [], 'Good') };
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
        if (await refuseCommand(context, a, pseudonym, 'revoke', input.lang, canManage(a), t.openerOnly)) return;
        const c = a.caseFile!;
        const now = clock.now();
        const revokedIds: string[] = [];
        await cases.update(c.groupId, c.id, (cur) => {
          if (!cur) return undefined;
          revokedIds.length = 0;
          const consents = cur.consents.map((k) => {
            if (k.revokedAt || Date.parse(k.validUntil) <= now.getTime()) return k;
            revokedIds.push(k.id);
            return { ...k, revokedAt: now.toISOString(), revokedBy: a.aad! };
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
        await reconcile(c.groupId, c.id, true);
        await context.sendActivity(t.revoked(c.id, revokedIds.length));
      }
    });

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
        const a = await findCase(context, pseudonym);
        if (await refuseCommand(context, a, pseudonym, 'log', input.lang, isCoordinator(a.member, a.aad, config.adminAadIds), t.coordinatorOnly)) return;
        const c = a.caseFile!;
        await record({
          groupId: c.groupId, caseId: c.id, actorAadObjectId: a.aad!, conversationId: a.where.conversationId, conversationType: a.where.kind,
          action: 'log', via: 'command', decision: 'allowed', reason: 'read', viewerAgency: a.member?.agency
        });
        const [entries, members] = await Promise.all([audit.listForCase(c.groupId, c.id), repos.members.list(c.groupId)]);
        const names = new Map(members.map((m) => [m.aadObjectId, m.name ?? m.aadObjectId]));
        await context.sendActivity(cardMessage(logCard(input.lang, c.id, c.groupId, entries, names)));
      }
    });

    // The export button: a one-time link, shown only to the coordinator who pressed it.
    onCardAction(app, CASE_VERBS.exportLog, z.object({ groupId: z.string().min(1).max(300) }), async (context, data) => {
      const lang = localeLang(context);
      const where = whereOf(context.activity);
      const actor = actorOf(context.activity);
      const member = actor.aadObjectId ? await repos.members.get(data.groupId, actor.aadObjectId) : undefined;
      const group = member ? await repos.groups.get(data.groupId) : undefined;
      const ok = !!group && !!member && member.userRole === 'user' && isCoordinator(member, actor.aadObjectId, config.adminAadIds) && (!group.tenantId || group.tenantId === where.tenantId);
      await record({
        groupId: data.groupId, caseId: '*', actorAadObjectId: actorId(actor.aadObjectId, actor.teamsUserId), conversationId: where.conversationId,
        conversationType: where.kind, action: 'export', via: 'execute', decision: ok ? 'allowed' : 'refused', reason: ok ? 'linkIssued' : 'notCoordinator', viewerAgency: member?.agency
      });
      if (!ok) return { kind: 'message', text: caseTexts(lang).coordinatorOnly };
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
        const member = await repos.members.get(link.groupId, link.requestedBy);
        const ok = isCoordinator(member, link.requestedBy, config.adminAadIds);
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
        res.end('\ufeff' + csv);
      })
    );

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
        if (await refuseCommand(context, a, pseudonym, 'lifecycle', input.lang, true, '')) return;
        await context.sendActivity(cardMessage(lifecycleCard(input.lang, a.caseFile!, handbookOf(a.caseFile!))));
      }
    });

    const lifecycleData = caseRef.extend({ step: z.string().min(1).max(40) }).passthrough();
    const checkedItems = (data: Record<string, unknown>) =>
      Object.entries(data).filter(([k, v]) => k.startsWith('item_') && (v === true || v === 'true')).map(([k]) => k.slice(5));

    const changeLifecycle = async (context: TurnContext, data: z.infer<typeof lifecycleData>, complete: boolean): Promise<InvokeAnswer> => {
      const lang = localeLang(context);
      const t = caseTexts(lang);
      const a = await caseAccess(context, data.groupId, data.caseId);
      const allowed = complete ? canManage(a) : isWorkingMember(a);
      const base = {
        groupId: a.caseFile?.groupId ?? '-', caseId: data.caseId, actorAadObjectId: actorId(a.aad, a.teamsUserId), conversationId: a.where.conversationId,
        conversationType: a.where.kind, action: 'lifecycle' as const, via: 'execute' as const, viewerAgency: a.member?.agency
      };
      if (!allowed) {
        await record({ ...base, decision: 'refused', reason: 'notPermitted' });
        return { kind: 'message', text: !a.caseFile ? t.notFound(data.caseId) : isWorkingMember(a) ? t.completerOnly : t.nothingForYou(data.caseId, t.reason(a.member ? 'guest' : 'notMember', '')) };
      }
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
      updatePostedCard(ctx.outbound, context, lifecycleCard(await groupLang(c.groupId), current, handbook), logger);
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
            await cases.update(group.id, c.id, (cur) => {
              if (!cur) return undefined;
              applied = retentionDue(cur, config.cases, now);
              return applied.details || applied.consentIds.length > 0 ? applyRetention(cur, applied, now) : undefined;
            });
            if (applied.details) caseDetails++;
            consents += applied.consentIds.length;
            if (applied.details) await reconcile(group.id, c.id, false);
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
