import { pictureCard } from '../../../src/features/ask/picture-card';
import { updateCard, updateFormCard } from '../../../src/features/updates/cards';
import { buildPicture } from '../../../src/features/updates/picture';
import type { Group } from '../../../src/features/groups/model';
import type { SituationUpdate } from '../../../src/features/updates/model';

const group = { id: 'g', areas: ['Kallinge'], municipalityKey: 'ronneby', municipality: 'Ronneby' } as Group;
const update: SituationUpdate = {
  id: '0d9a3a7e-4b8e-4a59-9a7c-3f7d5c0e9a11', groupId: 'g', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge', category: 'otrygg_plats',
  trend: 'minskande', level: 'generell', observedOn: '2026-03-01', text: 'Hemlig text', agency: 'polis', authorAad: 'a', status: 'active',
  history: [{ at: '2026-03-01T10:00:00Z', by: 'a', action: 'created' }], createdAt: '2026-03-01T10:00:00Z', updatedAt: '2026-03-01T10:00:00Z'
};

describe('update and picture cards', () => {
  it.each(['sv', 'en'] as const)('render every binding (%s), with Action.Execute verbs', (lang) => {
    const cards = [
      updateFormCard(lang, group, { draftId: update.id, values: {}, today: '2026-03-10' }),
      updateFormCard(lang, group, { draftId: update.id, values: update as unknown as Record<string, unknown>, today: '2026-03-10', error: 'x', edit: true }),
      updateCard(lang, update, false),
      updateCard(lang, { ...update, status: 'withdrawn', withdrawnByName: 'Anna', withdrawnAt: '2026-03-02T10:00:00Z' }, true),
      pictureCard(lang, buildPicture([update], [{ municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge' }], { from: '2026-02-09', to: '2026-03-10' }, { from: '2026-01-10', to: '2026-02-08' }), 'Kallinge', false)
    ];
    for (const card of cards) {
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      expect(json).toContain('"version":"1.5"');
      for (const m of json.matchAll(/"type":"Action\.Execute"[^}]*/g)) expect(m[0]).toMatch(/"verb":"updates\.\w+"/);
    }
  });

  it('keeps the text out of the group view and the picture posted to a group', () => {
    expect(JSON.stringify(updateCard('sv', update, false))).not.toContain('Hemlig text');
    expect(JSON.stringify(updateCard('sv', update, true))).toContain('Hemlig text');
    const p = buildPicture([update], [{ municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge' }], { from: '2026-02-09', to: '2026-03-10' }, { from: '2026-01-10', to: '2026-02-08' });
    expect(JSON.stringify(pictureCard('sv', p, 'Kallinge', false))).not.toContain('Hemlig text');
    expect(JSON.stringify(pictureCard('sv', p, 'Kallinge', true))).toContain('Hemlig text');
  });
});
