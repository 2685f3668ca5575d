import type { Lang } from '../../i18n';
import { actionLabels, actionTexts } from '../../i18n/actions';
import { commonTexts } from '../../i18n/common';
import type { ActionDenyReason } from './action-access';
import type { CommandResult } from './action-service';
import type { TextProblem } from './form-ids';
import type { PromiseProblem } from './promise-service';
import type { ProposalProblem } from './proposal';

/** A refused free text, naming the field in the user's language. */
export function textProblemText(problem: TextProblem, lang: Lang): string {
  const t = actionTexts(lang);
  const label = t[problem.field];
  return problem.problem === 'tooLong' ? t.textTooLong(label, problem.max) : t.textPersonalData(label);
}

/** Why the proposal form came back, in the user's language. */
export function proposalProblemText(problem: ProposalProblem, lang: Lang): string {
  if (problem.kind === 'text') return textProblemText(problem, lang);
  if (problem.kind === 'caseUnknown') return actionTexts(lang).caseUnknown(problem.pseudonym);
  return actionTexts(lang)[problem.kind];
}

/** Why the promise form came back, in the user's language. */
export function promiseProblemText(problem: PromiseProblem, lang: Lang): string {
  return problem.kind === 'text' ? textProblemText(problem, lang) : actionTexts(lang).invalidPromise;
}

/** What a refusal by the access layer (`action-access.ts`) tells the person. */
export function deniedText(reason: ActionDenyReason, lang: Lang): string {
  switch (reason) {
    case 'notCoordinator':
      return commonTexts(lang).coordinatorOnly;
    case 'notOwnerOrCoordinator':
      return actionTexts(lang).ownerOrCoordinator;
    case 'notSteeringGroup':
      return actionTexts(lang).steeringOnly;
    default:
      return commonTexts(lang).notMember;
  }
}

/** The message answer of a refused decision or follow-up (those that do not answer with the card). */
export function commandRefusalText(result: Extract<CommandResult, { ok: false; reason: 'notFound' | 'denied' | 'illegal' }>, lang: Lang): string {
  if (result.reason === 'notFound') return actionTexts(lang).notFound;
  if (result.reason === 'denied') return deniedText(result.denied, lang);
  const labels = actionLabels(lang);
  return actionTexts(lang).illegal(labels[result.from], labels[result.to]);
}
