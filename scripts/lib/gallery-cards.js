// The card gallery's cards: the real bot on a fresh in-memory embedded store, filled with the demo data
// (src/demo/seed.ts) at a fixed clock, asked the way a person asks in Teams (typed commands, card
// buttons) in Swedish and in English. Every card the bot answers with is taken as it would reach Teams.
// The bot's modules are passed in, so `npm run cards` uses the build (dist/) and the visual test in
// test/browser/ the TypeScript sources; both run exactly the same scenarios.
const http = require('node:http');

/** The gallery's clock starts here: a Monday morning in Stockholm with no public holiday in the next weeks. */
const GALLERY_NOW = new Date('2026-03-02T08:00:00.000Z');
/** A fixed calendar-link key, so signed links (and with them the cards) are the same on every run. */
const GALLERY_ICS_SECRET = 'gallery-fixed-ics-signing-secret-not-a-real-secret-000';

// The demo data's tenant and places (src/demo/seed.ts, scripts/playground.yml).
const TENANT = '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70';
const BOT = { id: '28:3f1a9c2e-8b7d-4e6f-a5c4-1b2d3e4f5a60', name: 'Trygg' };
const PLACES = {
  ytterby: { team: 'team-sspf-ytterby', channel: 'channel-ytterby-samverkan' },
  styrgrupp: { chat: 'group-chat-styrgrupp' },
  /** A group chat that no group registered (the registration form). */
  unregistered: { chat: 'group-chat-gallery-new' },
  personal: { personal: true }
};

/** A date `days` after the gallery's clock, as the date inputs send it. */
const day = (days) => new Date(GALLERY_NOW.getTime() + days * 86400000).toISOString().slice(0, 10);

/** What a person types into the forms the gallery submits (fictional, no personal data). */
const FORMS = {
  register: { kind: 'sspf', name: 'SSPF Kode', municipality: 'Kungälv', areas: 'Kode', agency: 'fritid' },
  update: { area: 'Ytterby', category: 'skadegorelse', trend: 'okande', level: 'generell', observedOn: day(-1), text: 'Klotter på busskuren vid torget efter helgen.' },
  action: {
    formVersion: 1, title: 'Trygghetsvandring i Ytterby centrum', description: 'Föräldrar och fältassistenter går tillsammans fredag kväll.', level: 'generell', area: 'Ytterby',
    casePseudonym: '', agency: 'fritid', ownerId: 'a1000000-0000-4000-8000-000000000004', dueDate: day(18), promiseId: ''
  },
  meeting: {
    type: 'sspf', title: 'SSPF-möte april', place: 'Ytterby skola, rum 12', online: 'true', agenda: '- Läget vid stationen', cadence: 'none',
    date1: day(29), time1: '14:00', duration1: '60', date2: day(30), time2: '09:00', duration2: '60'
  }
};

/**
 * The gallery: one entry per picture. `card` names the PNG (`<card>.<lang>.<width>.png`: the template's
 * name where the picture shows one template). `steps` run in order; the picture is the last Adaptive Card
 * the steps produced (a reply, a card update or an invoke response). `say` is a typed command per
 * language; `press` presses the button with that verb on the card shown so far, with `data` added as the
 * inputs a person filled in. `message: true` accepts a text answer (no card): it is shown as Teams shows
 * a message, its markdown in one text block. Each language runs on its own store, seeded with the groups' card language
 * set to that language, so group posts show in it too.
 */
const GALLERY = [
  { card: 'help', who: 'anna', where: 'personal', steps: [{ say: { sv: 'hjälp', en: 'help' } }] },
  { card: 'group-register', who: 'anna', where: 'unregistered', steps: [{ say: { sv: 'registrera', en: 'register' } }] },
  { card: 'group-registered', who: 'anna', where: 'unregistered', steps: [{ say: { sv: 'registrera', en: 'register' } }, { press: 'groups.register', data: FORMS.register }] },
  { card: 'members', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'medlemmar', en: 'members' } }] },
  { card: 'group-log', who: 'anna', where: 'personal', message: true, steps: [{ say: { sv: 'grupplogg SSPF Ytterby', en: 'group log SSPF Ytterby' } }] },
  { card: 'situation-picture', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'lägesbild', en: 'situation' } }] },
  { card: 'situation-picture-sspf', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'lägesbild Ytterby', en: 'situation Ytterby' } }] },
  { card: 'update-form', who: 'filip', where: 'ytterby', steps: [{ say: { sv: 'lägesbild ny', en: 'new update' } }] },
  { card: 'update-posted', who: 'filip', where: 'ytterby', steps: [{ say: { sv: 'lägesbild ny', en: 'new update' } }, { press: 'updates.submit', data: FORMS.update }] },
  { card: 'weekly-summary', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'sammanfattning', en: 'summary' } }] },
  { card: 'weekly-summary-sspf', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'sammanfattning', en: 'summary' } }] },
  { card: 'summary-status', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'sammanfattning status', en: 'summary status' } }] },
  { card: 'summary-settings', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'sammanfattning inställningar', en: 'summary settings' } }] },
  { card: 'action-list', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'insatser', en: 'actions' } }] },
  { card: 'action-new', who: 'filip', where: 'ytterby', steps: [{ say: { sv: 'insats ny', en: 'new action' } }] },
  { card: 'action', who: 'filip', where: 'ytterby', steps: [{ say: { sv: 'insats ny', en: 'new action' } }, { press: 'actions.propose', data: FORMS.action }] },
  { card: 'promises', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'medborgarlöften', en: 'citizen promises' } }] },
  { card: 'promise-new', who: 'olle', where: 'styrgrupp', steps: [{ say: { sv: 'medborgarlöfte ny', en: 'new citizen promise' } }] },
  { card: 'meeting-propose', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'möte', en: 'meeting' } }] },
  { card: 'meeting-poll', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'möte', en: 'meeting' } }, { press: 'meetings.propose', data: FORMS.meeting }] },
  {
    card: 'meeting-confirmed', who: 'anna', where: 'ytterby',
    steps: [{ say: { sv: 'möte', en: 'meeting' } }, { press: 'meetings.propose', data: FORMS.meeting }, { press: 'meetings.confirm', data: { chosenOptionId: 'o1' } }]
  },
  { card: 'case-new', who: 'stina', where: 'ytterby', steps: [{ say: { sv: 'ärende ny', en: 'case new' } }] },
  { card: 'case-summary', who: 'stina', where: 'ytterby', steps: [{ say: { sv: 'ärende K-2026-001', en: 'case K-2026-001' } }] },
  { card: 'case-details', who: 'stina', where: 'ytterby', steps: [{ say: { sv: 'ärende K-2026-001', en: 'case K-2026-001' } }, { press: 'cases.view' }] },
  { card: 'case-refusal', who: 'olle', where: 'ytterby', steps: [{ say: { sv: 'ärende K-2026-002', en: 'case K-2026-002' } }, { press: 'cases.view' }] },
  { card: 'case-observation', who: 'sara', where: 'ytterby', steps: [{ say: { sv: 'observation K-2026-001', en: 'observation K-2026-001' } }] },
  { card: 'case-consent', who: 'stina', where: 'ytterby', steps: [{ say: { sv: 'samtycke K-2026-002', en: 'consent K-2026-002' } }] },
  { card: 'case-log', who: 'stina', where: 'personal', steps: [{ say: { sv: 'logg K-2026-001', en: 'log K-2026-001' } }] },
  { card: 'case-export', who: 'stina', where: 'personal', steps: [{ say: { sv: 'logg K-2026-001', en: 'log K-2026-001' } }, { press: 'cases.exportLog' }] },
  { card: 'case-lifecycle', who: 'stina', where: 'ytterby', steps: [{ say: { sv: 'arbetsgång K-2026-001', en: 'process K-2026-001' } }] },
  { card: 'case-retention', who: 'anna', where: 'ytterby', steps: [{ say: { sv: 'gallring', en: 'retention' } }] }
];

const LANGS = ['sv', 'en'];

/** A stand-in Bot Connector that keeps every activity the bot sends or updates, in order, with its id. */
async function startRecordingConnector(people) {
  const byId = new Map(people.flatMap((p) => [[p.id, p], [p.aadObjectId, p]]));
  const sent = [];
  const replies = new Map();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const url = decodeURIComponent(req.url ?? '');
      const member = url.match(/\/members\/([^/?]+)$/);
      if (req.method === 'GET' && member) {
        const p = byId.get(member[1]);
        res.statusCode = p ? 200 : 404;
        return res.end(JSON.stringify(p ?? { error: { code: 'NotFound' } }));
      }
      if (req.method === 'GET' && /\/members\/?(\?|$)/.test(url)) return res.end(JSON.stringify(people));
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      } catch {
        body = undefined;
      }
      const onMessage = url.split('?')[0].match(/\/v3\/conversations\/[^/]+\/activities\/([^/]+)$/);
      const id = req.method === 'PUT' && onMessage ? onMessage[1] : `gallery-${++n}`;
      if (req.method === 'POST' && onMessage) replies.set(onMessage[1], id);
      if (body && (req.method === 'POST' || req.method === 'PUT')) sent.push({ id, body });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sent,
    /** The id given to the bot's reply to a typed message (the seed binds forms to it). */
    replyTo: (typedId) => replies.get(typedId),
    /** The body the bot posted (or last put) as message `id`, as JSON text (the seed reads a form's choices from it). */
    posted: (id) => {
      const found = sent.filter((s) => s.id === id).at(-1);
      return found ? JSON.stringify(found.body) : undefined;
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    }
  };
}

/** The Adaptive Cards in a value (an activity or an invoke response), in order. */
function cardsIn(value) {
  const out = [];
  const visit = (v) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    if (v.contentType === 'application/vnd.microsoft.card.adaptive' && v.content) return void out.push(v.content);
    if (v.type === 'application/vnd.microsoft.card.adaptive' && v.value) return void out.push(v.value);
    if (v.type === 'AdaptiveCard') return void out.push(v);
    Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/** The first `Action.Execute` with `verb` anywhere in a card (buttons, show-cards, refresh). */
function findExecute(card, verb) {
  let found;
  const visit = (v) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(visit);
    if (v.type === 'Action.Execute' && v.verb === verb) return void (found = v);
    Object.values(v).forEach(visit);
  };
  visit(card);
  return found;
}

/** A text message drawn as Teams draws one: its markdown in a single wrapped text block. */
function messageCard(text) {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] };
}

/** A logger that says nothing (the gallery's output is its pictures). */
const SILENT = { level: 'silent', fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {}, child: () => SILENT };

/**
 * Runs the gallery: returns `{ entries: [{ card, lang, json }], missing: [{ card, lang, reason }] }`.
 * `mod` holds the bot's modules: `createApp`, `loadConfig`, `openStore`, `seedDemo`, `DEMO_PEOPLE`,
 * `outboundSettled`. `options.only` limits the run to some cards, `options.langs` to some languages.
 */
async function collectGalleryCards(mod, options = {}) {
  const entries = [];
  const missing = [];
  const gallery = options.only ? GALLERY.filter((e) => options.only.includes(e.card)) : GALLERY;
  for (const lang of options.langs ?? LANGS) {
    const result = await collectLanguage(mod, lang, gallery);
    entries.push(...result.entries);
    missing.push(...result.missing);
  }
  return { entries, missing };
}

/** One language: a fresh store seeded with the demo data, groups set to `lang`, every entry asked in `lang`. */
async function collectLanguage(mod, lang, gallery) {
  const people = Object.values(mod.DEMO_PEOPLE);
  const config = loadGalleryConfig(mod);
  const store = await mod.openStore({ cosmos: config.cosmos, embedded: { snapshotMs: 600_000 }, logger: SILENT });
  const connector = await startRecordingConnector(people);
  const entries = [];
  const missing = [];
  try {
    // The clock moves one minute per activity the bot handles, never on its own: events get distinct,
    // ordered times (logs list them in a stable order), and every run sees the same times.
    let turns = 0;
    const clock = { now: () => new Date(GALLERY_NOW.getTime() + turns * 60_000) };
    const bot = mod.createApp(config, { store, logger: SILENT, clock });
    const ticking = Object.create(bot);
    ticking.handle = (activity, auth, opts) => {
      turns++;
      // The demo groups register with Swedish cards; for the English gallery they register in English.
      const action = activity?.value?.action;
      if (activity?.type === 'invoke' && action?.verb === 'groups.register') action.data = { ...action.data, language: lang };
      return bot.handle(activity, auth, opts);
    };
    await mod.seedDemo(ticking, connector, new Date(GALLERY_NOW));
    await mod.outboundSettled(bot);
    const ask = askerFor(mod, ticking, connector, lang);
    for (const entry of gallery) {
      try {
        entries.push({ card: entry.card, lang, json: await ask(entry) });
      } catch (err) {
        missing.push({ card: entry.card, lang, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  } finally {
    await connector.stop();
    await store.close();
  }
  return { entries, missing };
}

/** Runs one gallery entry's steps against the bot; resolves to the last card shown, or throws why none. */
function askerFor(mod, bot, connector, lang) {
  let seq = 0;
  const activity = (who, where, extra) => {
    const from = mod.DEMO_PEOPLE[who];
    const place = PLACES[where];
    seq++;
    const conv = place.team
      ? {
          conversation: { id: `${place.channel};messageid=gallery-${seq}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
          channelData: { tenant: { id: TENANT }, team: { id: place.team }, channel: { id: place.channel } }
        }
      : place.chat
        ? { conversation: { id: place.chat, conversationType: 'groupChat', isGroup: true, tenantId: TENANT }, channelData: { tenant: { id: TENANT } } }
        : { conversation: { id: `a:personal-${from.id}`, conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
    return {
      id: `gallery-activity-${seq}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: GALLERY_NOW.toISOString(),
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: BOT,
      ...conv,
      ...extra
    };
  };
  return async (entry) => {
    const personal = Boolean(PLACES[entry.where].personal);
    let shown; // { id, card }
    let texts = [];
    for (const step of entry.steps) {
      const before = connector.sent.length;
      let response;
      if (step.say) {
        const text = step.say[lang];
        const typed = activity(entry.who, entry.where, personal
          ? { type: 'message', text }
          : { type: 'message', text: `<at>Trygg</at> ${text}`, entities: [{ type: 'mention', text: '<at>Trygg</at>', mentioned: BOT }] });
        response = await bot.handle(typed, '');
      } else {
        const button = shown && findExecute(shown.card, step.press);
        if (!button) throw new Error(`no button ${step.press} on the card shown`);
        const data = { ...(button.data ?? {}), ...(step.data ?? {}) };
        const invoke = activity(entry.who, entry.where, {
          type: 'invoke', name: 'adaptiveCard/action', replyToId: shown.id,
          value: { action: { type: 'Action.Execute', verb: step.press, data }, trigger: 'manual' }
        });
        response = await bot.handle(invoke, '');
        const answered = cardsIn(response?.body);
        if (answered.length) shown = { id: shown.id, card: answered[answered.length - 1] };
        const message = response?.body?.value?.value ?? response?.body?.value?.message;
        if (!answered.length && typeof message === 'string') texts.push(message);
      }
      await mod.outboundSettled(bot);
      for (const { id, body } of connector.sent.slice(before)) {
        const cards = cardsIn(body);
        if (cards.length) shown = { id, card: cards[cards.length - 1] };
        else if (typeof body.text === 'string') texts.push(body.text);
      }
      if (step.say && response && response.status !== 200) throw new Error(`"${step.say[lang]}" answered ${response.status}`);
    }
    if (!shown && entry.message && texts.length) return messageCard(texts[texts.length - 1]);
    if (!shown) throw new Error(texts.length ? `answered with text only: ${texts.join(' | ').slice(0, 200)}` : 'no answer');
    return shown.card;
  };
}

function loadGalleryConfig(mod) {
  const config = mod.loadConfig({ LOG_LEVEL: 'silent', PORT: '0' });
  return { ...config, meetings: { ...config.meetings, icsSigningSecret: GALLERY_ICS_SECRET } };
}

module.exports = { collectGalleryCards, GALLERY, GALLERY_NOW, LANGS, cardsIn, findExecute };
