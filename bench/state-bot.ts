/**
 * (b2) The second peer: a plain botbuilder bot that keeps state as the Bot Framework state sample does
 * (a turn counter in conversation state, the user's name in user state), read at the start of every
 * turn and the changed state written at the end, through botbuilder-azure's CosmosDbPartitionedStorage
 * on the same embedded Cosmos-compatible server Trygg uses (in this process, plain HTTP).
 */
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState, type TurnContext } from 'botbuilder';
import { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import { createLogger } from '../src/logger';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../src/store/embedded';

async function main(): Promise<void> {
  const cosmos = new EmbeddedCosmos({ snapshotMs: 60_000, logger: createLogger('silent') });
  await cosmos.start();
  // CosmosDbPartitionedStorage creates its container but expects the database to exist.
  await cosmos.client().databases.createIfNotExists({ id: 'state-bot' });
  const storage = new CosmosDbPartitionedStorage({
    cosmosDbEndpoint: cosmos.endpoint,
    authKey: EMBEDDED_KEY,
    databaseId: 'state-bot',
    containerId: 'bot-state',
    cosmosClientOptions: { connectionPolicy: { enableEndpointDiscovery: false } }
  });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const turns = conversationState.createProperty<number>('turnCount');
  const profile = userState.createProperty<{ name?: string }>('profile');

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'state-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context: TurnContext) => {
      if (context.activity.type !== 'message') return;
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      const user = await profile.get(context, {});
      user.name ??= context.activity.from?.name;
      await profile.set(context, user);
      await context.sendActivity(`${user.name ?? 'du'}: turn ${count}: ${context.activity.text ?? ''}`);
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    });
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
