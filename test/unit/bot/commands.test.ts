import { CommandRouter } from '../../../src/bot/commands';

function router() {
  const r = new CommandRouter();
  const noop = async () => undefined;
  r.register({ id: 'help', aliases: { sv: ['hjälp'], en: ['help'] }, help: { sv: '', en: '' }, handler: noop });
  r.register({ id: 'actions', aliases: { sv: ['insatser'], en: ['actions'] }, help: { sv: '', en: '' }, handler: noop });
  r.register({ id: 'mine', aliases: { sv: ['mina insatser'], en: ['my actions'] }, help: { sv: '', en: '' }, handler: noop });
  r.register({ id: 'picture', aliases: { sv: ['lägesbild'], en: ['situation'] }, help: { sv: '', en: '' }, handler: noop });
  r.register({ id: 'observation', aliases: { sv: ['observation'], en: ['Observation'] }, help: { sv: '', en: '' }, handler: noop });
  return r;
}

describe('CommandRouter', () => {
  it('matches regardless of case and Swedish diacritics, and keeps the arguments as typed', () => {
    const m = router().match('LAGESBILD Kungälv  30 dagar');
    expect(m?.command.id).toBe('picture');
    expect(m?.input).toMatchObject({ lang: 'sv', args: 'Kungälv 30 dagar', normalizedArgs: 'kungalv 30 dagar' });
  });

  it('prefers the longest alias', () => {
    expect(router().match('mina insatser')?.command.id).toBe('mine');
    expect(router().match('insatser')?.command.id).toBe('actions');
  });

  it('decides the language by the alias used', () => {
    expect(router().match('help')?.input.lang).toBe('en');
    expect(router().match('Hjälp')?.input.lang).toBe('sv');
  });

  it('reports the alias language, and none for an alias both languages share', () => {
    expect(router().match('help')?.aliasLang).toBe('en');
    expect(router().match('hjälp')?.aliasLang).toBe('sv');
    const shared = router().match('observation K-2026-014');
    expect(shared?.command.id).toBe('observation');
    expect(shared?.aliasLang).toBeUndefined();
    expect(shared?.input.args).toBe('K-2026-014');
  });

  it('does not match a word that merely starts like a command', () => {
    expect(router().match('hjälpsam')).toBeUndefined();
  });

  it('suggests the closest command for a typo, and nothing for unrelated text', () => {
    expect(router().suggest('insatsr')?.alias).toBe('insatser');
    expect(router().suggest('vad är klockan')).toBeUndefined();
  });

  it('refuses the same alias for two commands', () => {
    const r = router();
    expect(() => r.register({ id: 'x', aliases: { sv: ['Hjalp'], en: [] }, help: { sv: '', en: '' }, handler: async () => undefined })).toThrow(/already used/);
  });
});
