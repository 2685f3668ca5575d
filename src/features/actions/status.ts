import type { Action, ActionStatus, Stamp } from './model';

/** What someone asks to do with an action. */
export type ActionCommand =
  | { type: 'approve' }
  | { type: 'reject'; reason: string }
  | { type: 'start' }
  | { type: 'done'; outcome: string }
  | { type: 'cancel'; reason: string };

export type CommandType = ActionCommand['type'];

/** The status each command leads to. */
export const TARGET: Record<CommandType, ActionStatus> = {
  approve: 'godkand',
  reject: 'avslagen',
  start: 'pagar',
  done: 'klar',
  cancel: 'avbruten'
};

/** The statuses each command may start from. */
const FROM: Record<CommandType, readonly ActionStatus[]> = {
  approve: ['foreslagen'],
  reject: ['foreslagen'],
  start: ['godkand'],
  done: ['pagar'],
  cancel: ['godkand', 'pagar']
};

/**
 * The outcome of applying a command:
 * - `changed`: the new action to store;
 * - `unchanged`: it already happened (a double click, or a decision someone else already made): show the stored action;
 * - `refused`: not allowed from the current status, or a required text is missing.
 */
export type TransitionResult =
  | { kind: 'changed'; action: Action }
  | { kind: 'unchanged'; action: Action }
  | { kind: 'refused'; reason: 'illegal' | 'textRequired'; from: ActionStatus; to: ActionStatus };

/** Pure: applies `command` by `who` to `action`. Never mutates its input. */
export function applyCommand(action: Action, command: ActionCommand, who: Stamp): TransitionResult {
  const to = TARGET[command.type];
  const from = action.status;
  const decisionCommand = command.type === 'approve' || command.type === 'reject';
  // A decision is made once: whoever clicks later sees the decision already stored.
  if (decisionCommand && from !== 'foreslagen') return { kind: 'unchanged', action };
  if (from === to) return { kind: 'unchanged', action };
  if (!FROM[command.type].includes(from)) return { kind: 'refused', reason: 'illegal', from, to };
  const text = 'reason' in command ? command.reason.trim() : 'outcome' in command ? command.outcome.trim() : '';
  if ((command.type === 'reject' || command.type === 'done' || command.type === 'cancel') && !text) {
    return { kind: 'refused', reason: 'textRequired', from, to };
  }
  const next: Action = { ...action, status: to, history: [...action.history, { ...who, from, to }], updatedAt: who.at };
  switch (command.type) {
    case 'approve':
      next.decision = { ...who, outcome: 'godkand' };
      break;
    case 'reject':
      next.decision = { ...who, outcome: 'avslagen', reason: text };
      break;
    case 'start':
      next.started = { ...who };
      break;
    case 'done':
      next.finished = { ...who, outcome: 'klar', text };
      break;
    case 'cancel':
      next.finished = { ...who, outcome: 'avbruten', text };
      break;
  }
  return { kind: 'changed', action: next };
}

/** The buttons a card offers in a status (the server still re-checks everything on each invoke). */
export function availableCommands(status: ActionStatus): CommandType[] {
  return (Object.keys(FROM) as CommandType[]).filter((c) => FROM[c].includes(status));
}
