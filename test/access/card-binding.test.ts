import { checkCardBinding, type BoundObject, type InvokeOrigin } from '../../src/access/card-binding';

const CHANNEL = '19:general@thread.tacv2';
const origin = (over: Partial<InvokeOrigin> = {}): InvokeOrigin => ({ kind: 'channel', conversationId: `${CHANNEL};messageid=42`, replyToId: 'm1', groupId: 'g1', ...over });
const object = (over: Partial<BoundObject> = {}): BoundObject => ({ groupId: 'g1', cards: [{ conversationId: CHANNEL, activityId: 'm1' }], ...over });

describe('checkCardBinding: an invoke may update only its object\'s recorded card in its own conversation', () => {
  it('allows the recorded card of this object, in this conversation (thread suffixes ignored), of this conversation\'s group', () => {
    expect(checkCardBinding(origin(), object())).toEqual({ allowed: true, reason: 'bound' });
    expect(checkCardBinding(origin({ kind: 'groupChat', conversationId: '19:chat@thread.v2' }), object({ cards: [{ conversationId: '19:chat@thread.v2', activityId: 'm1' }] }))).toEqual({ allowed: true, reason: 'bound' });
    expect(checkCardBinding(origin({ conversationId: CHANNEL }), object({ cards: [{ conversationId: `${CHANNEL};messageid=7`, activityId: 'm1' }] }))).toEqual({ allowed: true, reason: 'bound' });
  });

  it('refuses an invoke without a message to update', () => {
    expect(checkCardBinding(origin({ replyToId: undefined }), object())).toEqual({ allowed: false, reason: 'noMessage' });
    expect(checkCardBinding(origin({ replyToId: '' }), object())).toEqual({ allowed: false, reason: 'noMessage' });
  });

  it('never updates for everyone in personal chat', () => {
    expect(checkCardBinding(origin({ kind: 'personal' }), object())).toEqual({ allowed: false, reason: 'personalChat' });
  });

  it('refuses a conversation that belongs to no registered group, or an unknown kind or empty id', () => {
    expect(checkCardBinding(origin({ groupId: undefined }), object())).toEqual({ allowed: false, reason: 'unregisteredConversation' });
    expect(checkCardBinding(origin({ groupId: '' }), object())).toEqual({ allowed: false, reason: 'unregisteredConversation' });
    expect(checkCardBinding(origin({ kind: 'meeting' as never }), object())).toEqual({ allowed: false, reason: 'unregisteredConversation' });
    expect(checkCardBinding(origin({ conversationId: '' }), object({ cards: [{ conversationId: '', activityId: 'm1' }] }))).toEqual({ allowed: false, reason: 'unregisteredConversation' });
  });

  it('refuses an object that does not exist', () => {
    expect(checkCardBinding(origin(), undefined)).toEqual({ allowed: false, reason: 'unknownObject' });
  });

  it('refuses an object of another group than the conversation\'s (valid groupId from another team)', () => {
    expect(checkCardBinding(origin({ groupId: 'g2' }), object())).toEqual({ allowed: false, reason: 'otherGroup' });
  });

  it('refuses a foreign replyToId, and the right message id recorded in another conversation', () => {
    expect(checkCardBinding(origin({ replyToId: 'm-other' }), object())).toEqual({ allowed: false, reason: 'notThisObjectsCard' });
    expect(checkCardBinding(origin(), object({ cards: [{ conversationId: '19:other@thread.tacv2', activityId: 'm1' }] }))).toEqual({ allowed: false, reason: 'notThisObjectsCard' });
    expect(checkCardBinding(origin(), object({ cards: [] }))).toEqual({ allowed: false, reason: 'notThisObjectsCard' });
    expect(checkCardBinding(origin(), object({ cards: undefined as never }))).toEqual({ allowed: false, reason: 'notThisObjectsCard' });
  });

  it('fails closed on malformed input', () => {
    expect(checkCardBinding(undefined as never, object())).toEqual({ allowed: false, reason: 'noMessage' });
    expect(checkCardBinding(origin({ conversationId: 5 as never }), object())).toEqual({ allowed: false, reason: 'unregisteredConversation' });
    expect(checkCardBinding(origin(), { groupId: 'g1', cards: [null as never] })).toEqual({ allowed: false, reason: 'unknownObject' });
  });
});
