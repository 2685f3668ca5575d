import { REPLY_GRACE_MS, replyDeadline, currentDeadline, storeAbortSignal, timeLeft, turnDeadline, withDeadline } from '../../src/deadline';

describe('the turn deadline', () => {
  it('gives an invoke 3 s and a message 5 s from arrival, keeping time back for the answer', () => {
    expect(turnDeadline('invoke', 1000)).toEqual({ answerBy: 4000, storeBy: 3700 });
    expect(turnDeadline('message', 1000)).toEqual({ answerBy: 6000, storeBy: 5000 });
    expect(turnDeadline('conversationUpdate', 1000)).toEqual({ answerBy: 6000, storeBy: 5000 });
  });

  it('is seen by everything the turn awaits, and by nothing outside it', async () => {
    const deadline = { answerBy: Date.now() + 60_000, storeBy: Date.now() + 59_000 };
    expect(timeLeft('store')).toBeUndefined();
    expect(storeAbortSignal()).toBeUndefined();
    await withDeadline(deadline, async () => {
      await Promise.resolve();
      expect(currentDeadline()).toEqual(deadline);
      expect(timeLeft('answer', deadline.answerBy - 500)).toBe(500);
      expect(storeAbortSignal()?.aborted).toBe(false);
    });
    expect(currentDeadline()).toBeUndefined();
  });

  it('aborts store calls at once when the cut-off has passed', async () => {
    await withDeadline({ answerBy: Date.now() + 100, storeBy: Date.now() - 1 }, async () => {
      expect(timeLeft('store')).toBe(0);
      expect(storeAbortSignal()?.aborted).toBe(true);
    });
  });

  it('lets work the turn leaves running continue without the deadline once the turn is answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let background: Promise<ReturnType<typeof currentDeadline>> | undefined;
    await withDeadline({ answerBy: Date.now() + 60_000, storeBy: Date.now() + 59_000 }, async () => {
      background = (async () => {
        await gate;
        return currentDeadline();
      })();
    });
    release();
    expect(await background).toBeUndefined();
  });

  it("gives a ready reply the turn's time to answer, or a short grace once that is (nearly) gone", async () => {
    const now = 1_000_000;
    expect(replyDeadline(now)).toBeUndefined();
    await withDeadline({ answerBy: now + 4000, storeBy: now + 3000 }, async () => {
      expect(replyDeadline(now)).toBe(now + 4000);
    });
    await withDeadline({ answerBy: now - 500, storeBy: now - 1500 }, async () => {
      expect(replyDeadline(now)).toBe(now + REPLY_GRACE_MS);
    });
    expect(REPLY_GRACE_MS).toBeGreaterThan(0);
    expect(REPLY_GRACE_MS).toBeLessThanOrEqual(3000);
  });
});
