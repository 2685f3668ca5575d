import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from './connector-client';
import type { ConnectorOperation } from './connector-retry';
import { whereOf } from './turn';
import type { RosterMember } from './port';

export type { RosterMember } from './port';

/** Roster look-ups for the team (in channels) or chat of the current turn. */
export class Roster {
  /** @param inTurn runs the look-up under the turn's retry policy and deadline (`TryggAdapter.inTurn`). */
  constructor(
    private readonly connector: ConnectorClient,
    private readonly inTurn: <T>(operation: ConnectorOperation, call: (options: { timeoutMs: number }) => Promise<T>) => Promise<T> = (_op, call) => call({ timeoutMs: 15_000 })
  ) {}

  /** The member by Teams user id or Entra object id; undefined when they are not in the team or chat. */
  async getMember(context: TurnContext, userId: string): Promise<RosterMember | undefined> {
    const where = whereOf(context.activity);
    const conversationId = where.teamId ?? where.conversationId;
    const reference = { serviceUrl: context.activity.serviceUrl, conversation: { id: conversationId } as never };
    const found = await this.inTurn('read', (options) => this.connector.getMember(reference, userId, options));
    return found && typeof found.id === 'string' ? (found as unknown as RosterMember) : undefined;
  }
}
