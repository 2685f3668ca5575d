import type { GroupAuditEntry } from '../../src/audit/group-audit-repository';
import { viewerChangesDuring } from '../../src/audit/viewer-changes';
import type { AuditEntry } from '../../src/privacy/audit';

const caseEntry = (at: string, actor: string, decision: AuditEntry['decision']): AuditEntry => ({
  id: at, groupId: 'g', caseId: 'K-1', at, actorAadObjectId: actor, conversationId: 'c', conversationType: 'personal', action: 'view', via: 'command', decision, reason: 'x'
});
const change = (at: string, target: string, over: Partial<GroupAuditEntry> = {}): GroupAuditEntry => ({
  id: at, groupId: 'g', at, actorAadObjectId: 'aad-anna', actingAs: 'coordinator', action: 'memberSet', decision: 'allowed', reason: 'changed',
  conversationType: 'channel', via: 'execute', targetAadObjectId: target, ...over
});

describe('viewerChangesDuring', () => {
  const log = [caseEntry('2026-03-01T00:00:00Z', 'olle', 'reveal'), caseEntry('2026-03-05T00:00:00Z', 'filip', 'withhold'), caseEntry('2026-03-10T00:00:00Z', 'anna', 'allowed')];

  it('keeps membership changes of people who saw details, inside the log’s period, boundaries included', () => {
    const group = [
      change('2026-02-28T23:59:59Z', 'olle'),
      change('2026-03-01T00:00:00Z', 'olle'),
      change('2026-03-04T00:00:00Z', 'olle', { action: 'memberRemoved' }),
      change('2026-03-06T00:00:00Z', 'olle', { action: 'memberLeft' }),
      change('2026-03-07T00:00:00Z', 'olle', { action: 'register' }),
      change('2026-03-10T00:00:00Z', 'olle'),
      change('2026-03-10T00:00:01Z', 'olle')
    ];
    expect(viewerChangesDuring(log, group).map((e) => e.at)).toEqual([
      '2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z', '2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'
    ]);
  });

  it('leaves out refused attempts, other acts, people who were only refused, and entries without a target', () => {
    const group = [
      change('2026-03-02T00:00:00Z', 'olle', { decision: 'refused' }),
      change('2026-03-02T00:00:00Z', 'olle', { action: 'link' }),
      change('2026-03-02T00:00:00Z', 'olle', { action: 'settings' }),
      change('2026-03-02T00:00:00Z', 'filip'),
      change('2026-03-02T00:00:00Z', 'olle', { targetAadObjectId: undefined })
    ];
    expect(viewerChangesDuring(log, group)).toEqual([]);
  });

  it('without a reveal there is nothing to put next to one', () => {
    expect(viewerChangesDuring([caseEntry('2026-03-01T00:00:00Z', 'olle', 'withhold')], [change('2026-03-01T00:00:00Z', 'olle')])).toEqual([]);
    expect(viewerChangesDuring([], [change('2026-03-01T00:00:00Z', 'olle')])).toEqual([]);
  });
});
