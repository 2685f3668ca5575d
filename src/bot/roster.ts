import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from './connector-client';
import { whereOf } from './turn';

/** A person as Teams' roster returns them. */
export interface RosterMember {
  /** Teams user id (`29:…`). */
  id: string;
  aadObjectId?: string;
  name?: string;
  userPrincipalName?: string;
  email?: string;
  userRole?: string;
}

/** Roster look-ups for the team (in channels) or chat of the current turn. */
export class Roster {
  constructor(private readonly connector: ConnectorClient) {}

  /** The member by Teams user id or Entra object id; undefined when they are not in the team or chat. */
  async getMember(context: TurnContext, userId: string): Promise<RosterMember | undefined> {
    const where = whereOf(context.activity);
    const conversationId = where.teamId ?? where.conversationId;
    const found = await this.connector.getMember({ serviceUrl: context.activity.serviceUrl, conversation: { id: conversationId } as never }, userId);
    return found && typeof found.id === 'string' ? (found as unknown as RosterMember) : undefined;
  }
}
