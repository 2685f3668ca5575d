import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { Config } from '../config';

/**
 * The Teams AI adapter with its activity entry point exposed, so the HTTP route can parse and
 * validate the body itself and map authentication and tenant refusals to 401 and 403.
 */
export class TryggAdapter extends TeamsAdapter {
  constructor(config: Config) {
    super({
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppPassword: config.bot.password,
      MicrosoftAppTenantId: config.bot.tenantId,
      MicrosoftAppType: config.bot.appId ? config.bot.type : undefined
    });
  }

  /** Authenticates the request (AuthenticationError when it fails) and runs `logic` for the activity. */
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
