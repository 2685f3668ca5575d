import { z } from 'zod';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import { helpTexts } from '../../i18n/common';

/** The verbs of the help card's buttons that open another feature's form (src/features/help/forms.ts). */
export const HELP_FORM_VERBS = {
  newUpdate: 'updates.openNew',
  newAction: 'actions.openNew',
  newMeeting: 'meetings.openNew',
  newCase: 'cases.openNew'
} as const;

/**
 * A help card button's data, exactly as the card sends it (anything else is a 400): nothing the server
 * trusts, the group is the conversation's.
 */
export const helpButtonSchema = z.object({ groupId: z.string().max(300) }).strict();

/**
 * Answers a help card button with the very command that posts the form: the same use case, the same
 * refusal. The form is posted in the conversation as the command would post it; a refusal goes to the
 * person who pressed only (the invoke's answer), never into the conversation.
 */
export function fromHelp<D>(command: (deps: D, turn: Turn, input: CommandInput) => Promise<void>) {
  return async (deps: D, turn: Turn): Promise<InvokeAnswer> => {
    let refusal: string | undefined;
    const pressed: Turn = Object.create(turn, {
      reply: { value: async (text: string) => ((refusal = text), undefined) }
    });
    const lang = turn.lang;
    await command(deps, pressed, { lang, alias: '', args: '', normalizedArgs: '', text: '' });
    return { kind: 'message', text: refusal ?? helpTexts(lang).formPosted };
  };
}
