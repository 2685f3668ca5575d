import { normalizeText } from '../../i18n';
import type { Group, Member } from '../groups/model';
import type { CaseLinkCheck } from './case-link';
import { checkDueDate } from './dates';
import { field, textProblem, type TextProblem } from './form-ids';
import { ACTION_LIMITS, proposalSchema, type Proposal } from './model';
import { validateActionText } from './text-guard';

/** Why a proposal form was sent back to its author, with the draft kept. */
export type ProposalProblem =
  | TextProblem
  | { kind: 'invalidProposal' | 'caseRequired' | 'caseOnlyIndicated' | 'areaRequired' | 'ownerNotMember' | 'duePast' | 'dueTooFar' | 'dueInvalid' | 'promiseUnknown' }
  | { kind: 'caseUnknown'; pseudonym: string };

/** The reads a proposal is checked against: the group's cases, members and the municipality's promises. */
export interface ProposalLookups {
  caseLink(pseudonym: string): Promise<CaseLinkCheck>;
  member(aadObjectId: string): Promise<Member | undefined>;
  promiseExists(promiseId: string): Promise<boolean>;
}

/** A proposal that passed every check, with what it links to resolved. */
export interface CheckedProposal {
  form: Proposal;
  area?: string;
  casePseudonym?: string;
  owner: Member;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: ProposalProblem };
const problem = (p: ProposalProblem): { ok: false; problem: ProposalProblem } => ({ ok: false, problem: p });

/** The level's link: a case of the group for indicated actions, one of the group's areas otherwise. */
async function checkLink(group: Group, form: Proposal, lookups: ProposalLookups): Promise<Checked<{ area?: string; casePseudonym?: string }>> {
  if (form.level === 'indikerad') {
    if (!form.casePseudonym) return problem({ kind: 'caseRequired' });
    const link = await lookups.caseLink(form.casePseudonym);
    if (link === 'format') return problem({ kind: 'caseRequired' });
    if (link !== 'ok') return problem({ kind: 'caseUnknown', pseudonym: form.casePseudonym });
    return { ok: true, value: { casePseudonym: form.casePseudonym } };
  }
  if (form.casePseudonym) return problem({ kind: 'caseOnlyIndicated' });
  if (!form.area) return form.level === 'selektiv' ? problem({ kind: 'areaRequired' }) : { ok: true, value: {} };
  const area = group.areas.find((a) => normalizeText(a) === normalizeText(form.area));
  return area ? { ok: true, value: { area } } : problem({ kind: 'areaRequired' });
}

const DUE_PROBLEM = { past: 'duePast', tooFar: 'dueTooFar', invalid: 'dueInvalid' } as const;

/**
 * Checks a proposal form in the order its author fixes it: shape, free texts (limits and personal data),
 * the level's link, the owner's membership, the due date (Swedish `today`), the promise.
 */
export async function checkProposal(group: Group, raw: unknown, today: string, lookups: ProposalLookups): Promise<Checked<CheckedProposal>> {
  const parsed = proposalSchema.safeParse(raw);
  if (!parsed.success) return problem({ kind: 'invalidProposal' });
  const form = parsed.data;
  const text = textProblem(
    validateActionText([field('title', form.title, ACTION_LIMITS.title), field('description', form.description, ACTION_LIMITS.description)])
  );
  if (text) return problem(text);
  const link = await checkLink(group, form, lookups);
  if (!link.ok) return link;
  const owner = await lookups.member(form.ownerId);
  if (!owner) return problem({ kind: 'ownerNotMember' });
  const due = checkDueDate(form.dueDate, today);
  if (due !== 'ok') return problem({ kind: DUE_PROBLEM[due] });
  if (form.promiseId && !(await lookups.promiseExists(form.promiseId))) return problem({ kind: 'promiseUnknown' });
  return { ok: true, value: { form, ...link.value, owner } };
}
