// `npm run projections -- rebuild NAME` against a running system: the registry is rebuilt into
// fresh tables and swapped in while clients page through GET /api/v1/mutuals and researchers
// keep recording, and no client sees an error or a mutual go missing. The CLI prints plain
// progress lines when its output is not a terminal.
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';
import { projectionsCli } from './support/projections-cli.js';

interface MutualPage {
  items: { id: string; name: string; milestoneCount: number }[];
  next?: string;
}

describe('rebuilding a projection while the API serves it', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(async () => {
    await casebook?.close();
  });

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };

  async function recordMutual(index: number, milestones: number): Promise<HttpResult<{ id: string; position: string }>> {
    const mutual = ok(
      await casebook.request('POST', '/api/v1/mutuals', {
        name: `Rebuild Mutual ${String(index).padStart(3, '0')}`,
        serviceAreas: ['housing'],
      }),
      201,
      'register',
    );
    let last = mutual;
    for (let i = 0; i < milestones; i++) {
      last = ok(
        await casebook.request('POST', `/api/v1/mutuals/${mutual.body.id}/milestones`, {
          type: 'contract-awarded',
          occurredOn: `${2010 + i}`,
          commissioner: 'District Council',
          startsOn: `${2010 + i}`,
          endsOn: `${2013 + i}`,
        }),
        201,
        'record a milestone',
      );
    }
    return last;
  }

  /** Every mutual in the registry, page by page, as a dashboard walks it. */
  async function wholeRegistry(): Promise<{ status: number; ids: string[] }> {
    const ids: string[] = [];
    let path: string | undefined = '/api/v1/mutuals?limit=25';
    for (let pages = 0; path && pages < 100; pages++) {
      const page: HttpResult<MutualPage> = await casebook.request('GET', path);
      if (page.status !== 200) return { status: page.status, ids };
      ids.push(...page.body.items.map((item) => item.id));
      path = page.body.next;
    }
    return { status: 200, ids };
  }

  const projections = (...args: string[]) => projectionsCli(casebook)(...args);

  it('swaps in the rebuilt registry with no error and no mutual missing from any walk of its pages', async () => {
    // More mutuals than fit a page, each with a few milestones.
    let last!: HttpResult<{ id: string; position: string }>;
    for (let i = 0; i < 80; i++) last = await recordMutual(i, 1 + (i % 5));
    await casebook.projected(last);

    const failures: string[] = [];
    const known = new Set((await wholeRegistry()).ids);
    expect(known.size).toBe(80);
    let walking = true;
    let walks = 0;
    // Two clients walking the registry, each walk checked against the mutuals known before it began.
    const walkers = Array.from({ length: 2 }, async () => {
      for (let i = 0; i < 10_000 && walking; i++) {
        const before = [...known];
        const walk = await wholeRegistry();
        walks += 1;
        if (walk.status !== 200) failures.push(`a page answered ${walk.status}`);
        const seen = new Set(walk.ids);
        for (const id of before) if (!seen.has(id)) failures.push(`mutual ${id} missing from a walk`);
        if (seen.size !== walk.ids.length) failures.push('a mutual listed twice in one walk');
        for (const id of seen) known.add(id);
      }
    });
    // Researchers keep recording while it runs.
    let recording = true;
    const recorder = (async () => {
      for (let i = 80; i < 400 && recording; i++) last = await recordMutual(i, 1);
    })();

    const rebuilt = await projections('rebuild', 'mutual-summary');
    recording = false;
    await recorder;
    await casebook.projected(last);
    const walksAtTheEnd = walks;
    while (walks < walksAtTheEnd + 4) await new Promise((resolve) => setTimeout(resolve, 20));
    walking = false;
    await Promise.all(walkers);

    expect(failures).toEqual([]);
    expect(walks).toBeGreaterThan(4);
    // Not a terminal: plain lines, the switch announced, the outcome counted.
    const lines = rebuilt.stdout.trim().split('\n');
    expect(lines[0]).toBe('Rebuilding mutual-summary (version 1) into fresh tables; the current ones serve until the switch');
    expect(lines).toContainEqual(expect.stringMatching(/^mutual-summary: \d+ events applied; switching readers to the rebuilt tables$/));
    expect(lines.at(-1)).toMatch(
      /^mutual-summary rebuilt at version 1: \d+ events in [\d.]+ s \(\d+ events\/s\); readers switched at \d+\/\d+$/,
    );
    expect(rebuilt.stdout).not.toContain('\u001b[');

    // Everything recorded is in the registry, counted once, with its milestones.
    const after = await wholeRegistry();
    expect(new Set(after.ids).size).toBe(after.ids.length);
    expect(after.ids.length).toBe(known.size);
    const first = (await casebook.request<MutualPage>('GET', '/api/v1/mutuals?limit=5')).body.items;
    expect(first.map((mutual) => [mutual.name, mutual.milestoneCount])).toEqual([
      ['Rebuild Mutual 000', 1],
      ['Rebuild Mutual 001', 2],
      ['Rebuild Mutual 002', 3],
      ['Rebuild Mutual 003', 4],
      ['Rebuild Mutual 004', 5],
    ]);
    const listed = await casebook.request<{ name: string; condition: string; version: number; rebuild?: unknown }[]>(
      'GET',
      '/api/v1/projections',
    );
    expect(listed.body.find((state) => state.name === 'mutual-summary')).toMatchObject({ condition: 'up-to-date', version: 1 });
    expect(listed.body.find((state) => state.name === 'mutual-summary')?.rebuild).toBeUndefined();
  });

  it('names the projections when asked to rebuild one that does not exist', async () => {
    await expect(projections('rebuild', 'mutuals')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no projection is named "mutuals"; the projections are: mutual-summary, mutual-timeline'),
    });
  });
});
