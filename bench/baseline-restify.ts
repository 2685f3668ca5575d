/**
 * (a) The ceiling for a bot turn: restify receives an activity and posts one reply to the connector
 * over keep-alive HTTP, with nothing else in between.
 */
import restify from 'restify';

const server = restify.createServer({ name: 'baseline' });
server.post('/api/messages', restify.plugins.bodyParser({ mapParams: false }), async (req: restify.Request, res: restify.Response) => {
  const a = req.body as { serviceUrl: string; conversation: { id: string }; id: string; recipient: unknown; from: unknown; text?: string };
  const reply = { type: 'message', text: `echo: ${a.text ?? ''}`, conversation: a.conversation, from: a.recipient, recipient: a.from, replyToId: a.id };
  const r = await fetch(`${a.serviceUrl}/v3/conversations/${encodeURIComponent(a.conversation.id)}/activities/${encodeURIComponent(a.id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reply)
  });
  await r.text();
  res.send(200);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
