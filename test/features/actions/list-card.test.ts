import { actionListCard, LIST_LIMIT, LIST_TITLE_CHARS, shorten, type ActionListItem } from '../../../src/features/actions/cards';

/** Every text block of a card, in order. */
function texts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const item = (i: number, over: Partial<ActionListItem> = {}): ActionListItem => ({
  groupId: 'g1', level: 'generell', status: 'godkand', ownerName: 'Olle Polis', dueDate: `2026-04-${String((i % 28) + 1).padStart(2, '0')}`, title: `Insats nummer ${i}`, ...over
});

/**
 * Teams refuses a bot message over its size limit (413 MessageSizeTooBig), counted in UTF-16: 100 KB, of
 * which Microsoft advises using at most 80 KB. A list of every open action would pass it in a busy group.
 */
const TEAMS_ADVISED_BYTES = 80 * 1024;
const utf16Bytes = (card: unknown) => JSON.stringify(card).length * 2;

describe('the action list card', () => {
  it('shows every action and no "showing n of m" line when the list fits', () => {
    const card = actionListCard('sv', 'Pågående insatser – Ytterby', Array.from({ length: LIST_LIMIT }, (_, i) => item(i)), '2026-03-10');
    const shown = texts(card);
    expect(shown.filter((t) => t.startsWith('Insats nummer'))).toHaveLength(LIST_LIMIT);
    expect(shown.some((t) => t.startsWith('Visar '))).toBe(false);
  });

  it('shows the first LIST_LIMIT of a longer list, in the order given, and says how many of how many', () => {
    const card = actionListCard('sv', 'Pågående insatser – Ytterby', Array.from({ length: 140 }, (_, i) => item(i)), '2026-03-10');
    const shown = texts(card);
    expect(shown.filter((t) => t.startsWith('Insats nummer'))).toEqual(Array.from({ length: LIST_LIMIT }, (_, i) => `Insats nummer ${i}`));
    expect(shown).toContain(`Visar ${LIST_LIMIT} av 140 insatser, de med närmast förfallodag först.`);
    expect(shown[shown.length - 1]).toBe(`Visar ${LIST_LIMIT} av 140 insatser, de med närmast förfallodag först.`);
    const english = texts(actionListCard('en', 'Open actions', Array.from({ length: 30 }, (_, i) => item(i)), '2026-03-10'));
    expect(english).toContain(`Showing ${LIST_LIMIT} of 30 actions, the earliest due first.`);
  });

  it('stays within the size Teams advises with 1 000 actions of the longest titles, names and group names', () => {
    const longest = 'å'.repeat(5000); // the longest title a proposal accepts
    const groups = new Map(Array.from({ length: 10 }, (_, g) => [`g${g}`, 'Ö'.repeat(80)] as const)); // the longest group name
    const list = Array.from({ length: 1000 }, (_, i) => item(i, { groupId: `g${i % 10}`, title: longest, ownerName: 'Ä'.repeat(200), dueDate: '2026-03-01' }));
    const card = actionListCard('sv', 'Försenade insatser', list, '2026-03-10', groups);
    expect(utf16Bytes(card)).toBeLessThan(TEAMS_ADVISED_BYTES);
    const titles = texts(card).filter((t) => t.startsWith('å'));
    expect(titles).toHaveLength(LIST_LIMIT);
    for (const t of titles) expect(Array.from(t)).toHaveLength(LIST_TITLE_CHARS);
  });

  it('never cuts an indicated action into showing more than its pseudonym', () => {
    const card = actionListCard('sv', 'Insatser', [item(1, { level: 'indikerad', casePseudonym: 'K-2026-004', title: 'Hemlig titel om en person' })], '2026-03-10');
    expect(JSON.stringify(card)).not.toContain('Hemlig titel');
    expect(texts(card).join('\n')).toContain('K-2026-004');
  });
});

describe('shorten', () => {
  it('keeps a text that fits and cuts a longer one to exactly max characters, ending in an ellipsis', () => {
    expect(shorten('kort', 5)).toBe('kort');
    expect(shorten('exakt', 5)).toBe('exakt');
    expect(shorten('för lång', 5)).toBe('för…');
    expect(Array.from(shorten('x'.repeat(300), LIST_TITLE_CHARS))).toHaveLength(LIST_TITLE_CHARS);
  });

  it('counts characters, not UTF-16 units: an emoji is never split in half', () => {
    const cut = shorten('🚓'.repeat(10), 4);
    expect(cut).toBe('🚓🚓🚓…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
