import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const SOURCE = join(__dirname, '../src');
/** Infrastructure every feature may use; they are not features themselves. */
const INFRASTRUCTURE = new Set(['common', 'config', 'database', 'cli', 'bench']);
/**
 * Cycles between feature folders still to be untangled: none is left (issue 11 untangled the last, `catalogue ⇄
 * enrolments ⇄ org ⇄ staff ⇄ tenants`), so a new import cycle between two features fails this test.
 */
const KNOWN_CYCLES: string[] = [];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Feature folder → the feature folders its files import from. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SOURCE)) {
    const from = relative(SOURCE, file).split(sep)[0];
    if (INFRASTRUCTURE.has(from) || !relative(SOURCE, file).includes(sep)) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = relative(SOURCE, normalize(join(dirname(file), specifier))).split(sep)[0];
      if (to === from || INFRASTRUCTURE.has(to) || to.startsWith('..') || to.includes('.')) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** The strongly connected groups of more than one folder (Tarjan), each as 'a ⇄ b ⇄ c' in name order. */
function cycles(graph: Map<string, Set<string>>): string[] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) found.push(group.sort().join(' ⇄ '));
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found.sort();
}

describe('the layout of the API', () => {
  it('has no import cycle between feature folders beyond the known ones still to be untangled', () => {
    expect(cycles(folderGraph())).toEqual([...KNOWN_CYCLES].sort());
  });

  it('registers each controller in the Nest module of its own folder', () => {
    const misplaced: string[] = [];
    for (const file of sourceFiles(SOURCE).filter((f) => f.endsWith('.module.ts'))) {
      const folder = relative(SOURCE, file).split(sep)[0];
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
        /from '(\.{1,2}\/[^']+\.controller)'/g,
      )) {
        const owner = relative(SOURCE, normalize(join(dirname(file), specifier))).split(sep)[0];
        if (owner !== folder && folder !== 'app.module.ts')
          misplaced.push(`${relative(SOURCE, file)} → ${specifier}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('makes a module global only for configuration, the job queue and the audit log', () => {
    const allowed = ['app.module.ts', join('audit', 'audit.module.ts'), join('jobs', 'jobs.module.ts')];
    const global = sourceFiles(SOURCE)
      .filter((f) => f.endsWith('.module.ts') && /@Global\(\)|global: true/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SOURCE, f));
    expect(global.filter((f) => !allowed.includes(f))).toEqual([]);
  });
});
