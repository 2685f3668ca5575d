/**
 * Which way dependencies may run (docs/architecture.md, "Layers and rules"). `npm run lint:deps`.
 * Type-only imports count (`tsPreCompilationDeps`): a feature that imports a Teams SDK *type* is as
 * tied to the host as one that calls it.
 */
/** The Teams SDK packages, resolved (node_modules/...) or not (a bare name when not installed). */
const TEAMS_SDK = '(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/|^(botbuilder|botframework-|@microsoft/teams-ai)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'privacy-is-pure',
      severity: 'error',
      comment: 'src/privacy holds pure decisions (handed data and a clock): no feature, store or bot code.',
      from: { path: '^src/privacy/' },
      to: { path: ['^src/features/', '^src/store/', '^src/bot/', '^src/app\\.ts$', TEAMS_SDK] }
    },
    {
      name: 'store-knows-no-feature',
      severity: 'error',
      comment: 'src/store knows no feature, no app and no Teams edge.',
      from: { path: '^src/store/' },
      to: { path: ['^src/features/', '^src/app\\.ts$', '^src/bot/', TEAMS_SDK] }
    },
    {
      name: 'cards-read-no-store',
      severity: 'error',
      comment: 'src/cards renders data it is handed; it reads no store.',
      from: { path: '^src/cards/' },
      to: { path: ['^src/store/', '@azure/cosmos'] }
    },
    {
      name: 'features-no-teams-sdk',
      severity: 'error',
      comment: 'Teams only at the edge: features import no botbuilder, botframework-* or @microsoft/teams-ai (types included).',
      from: { path: '^src/features/' },
      to: { path: TEAMS_SDK }
    },
    {
      name: 'features-only-bot-port',
      severity: 'error',
      comment: 'From src/bot, features import only the port (src/bot/port.ts).',
      from: { path: '^src/features/' },
      to: { path: '^src/bot/', pathNot: '^src/bot/port\\.ts$' }
    },
    {
      name: 'features-no-server',
      severity: 'error',
      comment: 'Features do not reach the server or the entry point.',
      from: { path: '^src/features/' },
      to: { path: ['^src/server\\.ts$', '^src/index\\.ts$'] }
    },
    {
      name: 'access-is-pure',
      severity: 'error',
      comment: 'src/access decides permissions from data; it imports no feature, store or bot code.',
      from: { path: '^src/access/' },
      to: { path: ['^src/features/', '^src/store/', '^src/bot/', TEAMS_SDK] }
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: a cycle makes two modules one, in an order nobody chose.',
      from: {},
      to: { circular: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|\\.data|devTools)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } }
  }
};
