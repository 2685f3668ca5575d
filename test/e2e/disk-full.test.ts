import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup } from '../support/flows';
import { anna, execute, sara, ytterby } from '../support/teams';

/** A 4 MiB tmpfs when this process may mount one (root with CAP_SYS_ADMIN), else undefined. */
function smallTmpfs(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'trygg-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

describe('a full disk under the running bot', () => {
  const dir = smallTmpfs();
  const maybe = dir ? it : it.skip;
  if (!dir) console.log('disk-full e2e: mount not permitted here; the injected ENOSPC/EROFS/EIO tests in test/store/journal.test.ts cover it');

  maybe('tells the user "försök igen", answers /healthz 503 naming the error, and serves reads', async () => {
    console.log('disk-full e2e mode: tmpfs of 4 MiB (mount worked)');
    const connector = new ConnectorStandIn();
    await connector.start();
    connector.addPeople(anna, sara);
    const bot = await startBot({ dataFile: join(dir!, 'cosmos.json') });
    try {
      await registerGroup(bot, connector, ytterby, anna, { name: 'SSPF Ytterby' });
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(dir!, 'filler')}`, 'bs=64k', 'count=128'], { stdio: 'ignore' });
      } catch {
        /* dd stops when the tmpfs is full */
      }
      // A journal append that fits in the last page the file already has may still succeed on a full
      // tmpfs, so changes are made until one needs a new page; that one must be refused, not lost.
      let refused = '';
      for (let i = 0; i < 40 && !refused; i++) {
        const agency = i % 2 === 0 ? 'skola' : 'fritid';
        const res = await bot.post(execute(anna, ytterby, 'groups.setMember', { userId: sara.aadObjectId, agency, role: 'medlem' }, { serviceUrl: connector.url }));
        if (/Försök igen/.test(JSON.stringify(res.body))) refused = JSON.stringify(res.body);
      }
      expect(refused).toMatch(/Försök igen/);
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'store-read-only', error: expect.stringMatching(/ENOSPC/) });
      expect((await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))?.name).toBe('SSPF Ytterby');
      rmSync(join(dir!, 'filler'));
    } finally {
      await bot.stop().catch(() => undefined);
      await connector.stop();
      execFileSync('umount', [dir!]);
    }
  });
});
