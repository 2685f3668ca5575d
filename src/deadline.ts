import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one deadline of a turn, from the moment its activity arrived. Teams gives an invoke about 3 s
 * and a message about 5 s before the user sees an error; the store, the connector reply and everything
 * else in the turn share that budget.
 */
export interface Deadline {
  /** Epoch ms by which the user's answer (invoke response or reply) must be out. */
  answerBy: number;
  /** Epoch ms after which store calls are cut, leaving time to answer "try again". */
  storeBy: number;
}

/** The time of one kind of turn: in all from arrival, and the part kept back for the answer itself. */
export interface TurnBudget {
  totalMs: number;
  answerReserveMs: number;
}

/** Budgets per activity kind. */
export interface TurnBudgets {
  invoke: TurnBudget;
  message: TurnBudget;
}

/** Teams' patience: the budgets production uses. */
export const TURN_BUDGETS: TurnBudgets = {
  /** An invoke's answer is the HTTP response: little needs to be kept back for it. */
  invoke: { totalMs: 3000, answerReserveMs: 300 },
  /** A message is answered through the Bot Connector, one more HTTP request. */
  message: { totalMs: 5000, answerReserveMs: 1000 }
};

/** The deadline of an activity of `type` that arrived at `arrivedAt` (epoch ms). */
export function turnDeadline(type: string | undefined, arrivedAt: number, budgets: TurnBudgets = TURN_BUDGETS): Deadline {
  const budget = type === 'invoke' ? budgets.invoke : budgets.message;
  return { answerBy: arrivedAt + budget.totalMs, storeBy: arrivedAt + budget.totalMs - budget.answerReserveMs };
}

/** A reply that is ready gets at least this long, even once the turn's time to answer has gone. */
export const REPLY_GRACE_MS = 2000;

/**
 * Epoch ms by which a Bot Connector reply of the current turn must be out: the turn's time to answer,
 * but never less than {@link REPLY_GRACE_MS} from now. A store in this process that held it (a long
 * query) can make a turn notice its store cut-off, or finish its answer, only after that time has gone:
 * a late answer or "försök igen" still beats silence. Undefined outside a turn.
 */
export function replyDeadline(now = Date.now()): number | undefined {
  const d = currentDeadline();
  return d && Math.max(d.answerBy, now + REPLY_GRACE_MS);
}

/*
 * The deadline travels with the async context of the turn rather than through every function
 * signature: repositories and the connector read it where they make their calls, and work outside a
 * turn (jobs, the notify endpoint, background sends) simply has none.
 */
const scope = new AsyncLocalStorage<Deadline & { ended: boolean }>();

/**
 * Runs `fn` with `deadline` as the deadline of everything it awaits. Once `fn` has settled (the turn
 * is answered), work it left running in the background (a posted-card update and what follows it)
 * continues without the deadline: nobody is waiting for it any more.
 */
export async function withDeadline<T>(deadline: Deadline, fn: () => Promise<T>): Promise<T> {
  const scoped = { ...deadline, ended: false };
  try {
    return await scope.run(scoped, fn);
  } finally {
    scoped.ended = true;
  }
}

/** The deadline of the current turn, if the caller runs inside one that has not been answered yet. */
export function currentDeadline(): Deadline | undefined {
  const d = scope.getStore();
  return d && !d.ended ? { answerBy: d.answerBy, storeBy: d.storeBy } : undefined;
}

/** Milliseconds left until the answer (or, for `store`, the store cut-off) is due; undefined outside a turn. */
export function timeLeft(which: 'answer' | 'store', now = Date.now()): number | undefined {
  const d = currentDeadline();
  if (!d) return undefined;
  return Math.max(0, (which === 'answer' ? d.answerBy : d.storeBy) - now);
}

/** An abort signal that fires at the store cut-off of the current turn; undefined outside a turn. */
export function storeAbortSignal(): AbortSignal | undefined {
  const left = timeLeft('store');
  if (left === undefined) return undefined;
  if (left === 0) return AbortSignal.abort(new DeadlineExceededError());
  return AbortSignal.timeout(left);
}

/** The turn's time ran out before the operation could start or finish. */
export class DeadlineExceededError extends Error {
  constructor(message = "The turn's deadline has passed") {
    super(message);
    this.name = 'TimeoutError';
  }
}
