import pino from 'pino';
import { PostedForms } from '../../../src/features/shared/posted-forms';
import type { Group } from '../../../src/features/groups/model';
import { UpdateRepository } from '../../../src/features/updates/update-repository';
import { UpdateService, updateFormLedger, type CardOrigin } from '../../../src/features/updates/update-service';
import { openStore, type Store } from '../../../src/store/store';

const group = {
  id: 'team:kallinge', key: 'team:kallinge', kind: 'sspf', name: 'SSPF Kallinge', municipality: 'Ronneby', municipalityKey: 'ronneby', areas: ['Kallinge'], language: 'sv',
  conversationType: 'channel', postConversationId: '19:kallinge', registeredBy: 'x', registeredAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'
} as Group;
const now = new Date('2026-03-10T09:00:00Z');
const filip = { aadObjectId: 'aad-filip', agency: 'fritid' as const, name: 'Filip', coordinator: false };
const olle = { aadObjectId: 'aad-olle', agency: 'polis' as const, name: 'Olle', coordinator: false };
const anna = { aadObjectId: 'aad-anna', agency: 'socialtjanst' as const, name: 'Anna', coordinator: true };
let n = 0;
const draft = () => `0d9a3a7e-4b8e-4a59-9a7c-${String(++n).padStart(12, '0')}`;
const values = (draftId: string) => ({ draftId, area: 'kallinge', category: 'narkotika', trend: 'okande', level: 'selektiv', observedOn: '2026-03-09', text: 'Fler unga samlas vid centrum.' });

describe('UpdateService on the embedded Cosmos server', () => {
  let store: Store;
  let service: UpdateService;
  let updates: UpdateRepository;

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'update-service' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    updates = new UpdateRepository(store);
    service = new UpdateService(updates, updateFormLedger(new PostedForms(store)));
  });
  afterAll(async () => store.close());

  async function form(activityId: string): Promise<CardOrigin> {
    await service.rememberForm(group.id, '19:kallinge', activityId, now);
    return { kind: 'channel', conversationId: '19:kallinge', replyToId: activityId };
  }

  it('stores an update from a recorded form once; a second press returns the same update', async () => {
    const origin = await form('form-1');
    const id = draft();
    const first = await service.submit(group, filip, origin, values(id), now, 'sv');
    expect(first).toMatchObject({ ok: true, created: true, update: { id, area: 'Kallinge', agency: 'fritid', posted: { activityId: 'form-1' } } });
    const again = await service.submit(group, filip, origin, values(id), now, 'sv');
    expect(again).toMatchObject({ ok: true, created: false });
    expect((await updates.list(group.id)).filter((u) => u.id === id)).toHaveLength(1);
  });

  it('refuses a card the bot did not post in this conversation, and a used form for a new draft', async () => {
    expect(await service.submit(group, filip, { kind: 'channel', conversationId: '19:kallinge', replyToId: 'forged' }, values(draft()), now, 'sv')).toMatchObject({ ok: false, reason: 'foreignCard' });
    const origin = await form('form-2');
    await service.submit(group, filip, origin, values(draft()), now, 'sv');
    expect(await service.submit(group, filip, origin, values(draft()), now, 'sv')).toMatchObject({ ok: false, reason: 'foreignCard' });
  });

  it('gives the form back with the reason for personal data, and stores nothing', async () => {
    const origin = await form('form-3');
    const id = draft();
    const r = await service.submit(group, filip, origin, { ...values(id), text: 'Ring 070-123 45 67' }, now, 'sv');
    expect(r).toMatchObject({ ok: false, reason: 'invalid', personalData: true });
    expect(await updates.get(group.id, id)).toBeUndefined();
  });

  it('lets the author or a coordinator correct and withdraw from the update\'s own card, nobody else', async () => {
    const origin = await form('form-4');
    const id = draft();
    await service.submit(group, filip, origin, values(id), now, 'sv');
    expect(await service.edit(group, olle, origin, { ...values(id), trend: 'minskande' }, now, 'sv')).toEqual({ ok: false, reason: 'notAuthor' });
    const elsewhere = { kind: 'channel' as const, conversationId: '19:kallinge', replyToId: 'other-card' };
    expect(await service.edit(group, filip, elsewhere, values(id), now, 'sv')).toMatchObject({ ok: false, reason: 'foreignCard' });
    const edited = await service.edit(group, filip, origin, { ...values(id), trend: 'minskande' }, now, 'sv');
    expect(edited).toMatchObject({ ok: true, posted: 'bound', update: { trend: 'minskande' } });
    const withdrawn = await service.withdraw(group, anna, origin, id, now);
    expect(withdrawn).toMatchObject({ ok: true, changed: true, update: { status: 'withdrawn', withdrawnBy: 'aad-anna' } });
    expect(await service.withdraw(group, anna, origin, id, now)).toMatchObject({ ok: true, changed: false });
    expect(await service.edit(group, filip, origin, values(id), now, 'sv')).toEqual({ ok: false, reason: 'withdrawn' });
  });
});
