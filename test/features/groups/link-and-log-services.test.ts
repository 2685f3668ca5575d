import { systemClock } from '../../../src/clock';
import type { GroupAuditEntry } from '../../../src/audit/group-audit-repository';
import { GroupLogService, parseLogArgs } from '../../../src/features/groups/group-log-service';
import { describeEntry, describeLog, logTime } from '../../../src/features/groups/group-log-text';
import type { GroupServiceDeps } from '../../../src/features/groups/group-service';
import { LinkService } from '../../../src/features/groups/link-service';
import { MembershipService } from '../../../src/features/groups/membership-service';
import { RegistrationService } from '../../../src/features/groups/registration-service';
import type { Store } from '../../../src/store/store';
import { ADMIN, actorOf, channel, groupDeps, personal, rosterOf, staff } from './support';

let minute = 0;
/** Each use case a minute after the last, so the log's order is the order of the acts. */
const later = () => new Date(Date.UTC(2026, 2, 10, 9, minute++));
const anna = staff(1, 'Anna Samordnare');
const bo = staff(2, 'Bo Styr');
const olle = staff(3, 'Olle Polis');
const admin = { ...staff(5, 'Ada Admin'), aadObjectId: ADMIN };
const roster = rosterOf(anna, bo, olle, admin);
const form = (kind: string, name: string) => ({ kind, name, municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'socialtjanst' });

describe('links and the group log on the embedded store', () => {
  let store: Store;
  let deps: GroupServiceDeps;
  let links: LinkService;
  let groupLog: GroupLogService;
  let membership: MembershipService;
  const sspf = channel('ytterby');
  const steering = channel('styr');

  beforeAll(async () => {
    const made = await groupDeps('group-links-log');
    ({ store, deps } = made);
    links = new LinkService(deps);
    groupLog = new GroupLogService({ ...deps, exportLinks: made.exportLinks, caseAudit: made.caseAudit });
    membership = new MembershipService({ ...deps, clock: systemClock });
    const registration = new RegistrationService(deps);
    await registration.submit(await membership.scopeOf(sspf, actorOf(anna)), form('sspf', 'SSPF Ytterby'), roster, later());
    await registration.submit(await membership.scopeOf(steering, actorOf(bo)), form('styrgrupp', 'Styrgrupp Kungälv'), roster, later());
    await membership.change(sspf, actorOf(anna), { kind: 'set', userId: olle.aadObjectId, agency: 'polis', role: 'medlem' }, roster, later());
  });
  afterAll(async () => store.close());

  it('a member cannot link, and hears why before any list; a coordinator links by a unique name', async () => {
    const byMember = await links.link(await membership.scopeOf(sspf, actorOf(olle)), 'styr', later());
    expect(byMember).toEqual({ ok: false, reason: 'refused', denied: 'notCoordinator' });
    const scope = await membership.scopeOf(sspf, actorOf(anna));
    expect(await links.link(scope, '', later())).toEqual({ ok: false, reason: 'choose', names: ['Styrgrupp Kungälv'] });
    expect(await links.link(scope, 'Malmö', later())).toEqual({ ok: false, reason: 'choose', names: ['Styrgrupp Kungälv'] });
    expect(await links.link(scope, 'styrgrupp kungalv', later())).toMatchObject({ ok: true, sspf: { name: 'SSPF Ytterby' }, steering: { name: 'Styrgrupp Kungälv' } });
    expect(await links.link(scope, 'styrgrupp kungalv', later())).toEqual({ ok: false, reason: 'refused', denied: 'alreadyLinked' });
    const steeringScope = await membership.scopeOf(steering, actorOf(bo));
    expect(await links.link(steeringScope, 'x', later())).toEqual({ ok: false, reason: 'refused', denied: 'notSspfGroup' });
    expect(await links.list(steeringScope)).toMatchObject({ ok: true, rows: [{ otherName: 'SSPF Ytterby', endedAt: undefined }] });
  });

  it('the steering group declines; the link is ended on both sides and written to both logs', async () => {
    const steeringScope = await membership.scopeOf(steering, actorOf(bo));
    expect(await links.end(steeringScope, '', 'declineLink', later())).toEqual({ ok: false, reason: 'whichLink' });
    expect(await links.end(steeringScope, 'Ronneby', 'declineLink', later())).toEqual({ ok: false, reason: 'noSuchLink' });
    expect(await links.end(steeringScope, 'ytterby', 'declineLink', later())).toMatchObject({ ok: true, side: 'declineLink' });
    const sspfId = (await membership.scopeOf(sspf, actorOf(anna))).group!.id;
    expect((await deps.repos.groupAudit.listForGroup(sspfId)).at(-1)).toMatchObject({ action: 'linkDeclined', decision: 'allowed', actorAadObjectId: bo.aadObjectId });
    expect((await links.list(await membership.scopeOf(sspf, actorOf(anna)))).ok && (await links.list(await membership.scopeOf(sspf, actorOf(anna))))).toMatchObject({ rows: [{ endReason: 'declined' }] });
  });

  it('grupplogg: only in personal chat, only for coordinators, readable lines in the reader language, the read itself logged', async () => {
    expect(await groupLog.open(sspf, actorOf(anna), parseLogArgs(''), later())).toEqual({ ok: false, reason: 'personalOnly' });
    expect(await groupLog.open(personal, actorOf(olle), parseLogArgs(''), later())).toEqual({ ok: false, reason: 'noGroups' });
    const read = await groupLog.open(personal, actorOf(anna), parseLogArgs(''), later());
    if (!read.ok || read.kind !== 'log') throw new Error(`expected the log, got ${JSON.stringify(read)}`);
    const text = describeLog('sv', read.page);
    expect(text).toContain('Grupplogg för SSPF Ytterby');
    expect(text).toContain('2026-03-10 10:02 · Anna Samordnare · lade till Olle Polis: Polis, Medlem');
    expect(text).not.toMatch(/UTC|memberSet|allowed|channel/);
    const admins = await groupLog.open(personal, actorOf(admin), parseLogArgs('ytterby'), later());
    expect(admins).toMatchObject({ ok: true, kind: 'log' });
    const entries = await deps.repos.groupAudit.listForGroup(read.page.group.id);
    expect(entries.at(-1)).toMatchObject({ action: 'log', decision: 'allowed', actingAs: 'admin', actorAadObjectId: ADMIN });
  });

  it('the export link works once and is decided again at download', async () => {
    const issued = await groupLog.open(personal, actorOf(anna), parseLogArgs('export 2020-01-01 2099-12-31'), later());
    if (!issued.ok || issued.kind !== 'export') throw new Error('expected a link');
    const first = await groupLog.download(issued.token, later());
    expect(first).toMatchObject({ ok: true, from: '2020-01-01', to: '2099-12-31' });
    expect(first.ok && first.csv).toContain('"memberSet";"allowed";"added"');
    expect(await groupLog.download(issued.token, later())).toEqual({ ok: false, status: 404 });
    expect(await groupLog.download('not-a-token', later())).toEqual({ ok: false, status: 404 });
    expect(await groupLog.open(personal, actorOf(anna), parseLogArgs('export 2026-03-01'), later())).toEqual({ ok: false, reason: 'badPeriod' });
  });
});

describe('group log lines (pure)', () => {
  const page = { names: new Map([['a1', 'Anna']]), others: new Map([['g2', 'Styrgrupp Kungälv']]) };
  const entry = (over: Partial<GroupAuditEntry>): GroupAuditEntry => ({
    id: 'x', groupId: 'g1', at: '2026-07-01T22:30:00.000Z', actorAadObjectId: 'a1', actingAs: 'coordinator', action: 'settings', decision: 'allowed', reason: 'saved',
    conversationType: 'channel', via: 'execute', ...over
  });

  it('shows Swedish local time across midnight and summer time', () => {
    expect(logTime('2026-07-01T22:30:00.000Z')).toBe('2026-07-02 00:30');
    expect(logTime('2026-01-15T08:05:00.000Z')).toBe('2026-01-15 09:05');
  });

  it('names changed settings and refusal reasons in words, in both languages', () => {
    expect(describeEntry('sv', page, entry({ changed: ['municipality', 'municipalityKey', 'areas'] }))).toBe('- 2026-07-02 00:30 · Anna · ändrade gruppens uppgifter: kommun, områden');
    expect(describeEntry('en', page, entry({ changed: ['areas'] }))).toBe('- 2026-07-02 00:30 · Anna · changed the group settings: areas');
    expect(describeEntry('sv', page, entry({ decision: 'refused', reason: 'notCoordinator', actingAs: 'member' }))).toBe(
      '- 2026-07-02 00:30 · Anna · ändrade gruppens uppgifter · nekades (notCoordinator): inte samordnare'
    );
    expect(describeEntry('en', page, entry({ action: 'link', linkedGroupId: 'g2', actingAs: 'admin' }))).toBe(
      '- 2026-07-02 00:30 · Anna (as administrator) · linked the SSPF group to the steering group Styrgrupp Kungälv'
    );
  });
});
