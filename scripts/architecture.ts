// The architecture check (docs/architecture.md): dependency-cruiser's rules from
// .dependency-cruiser.cjs, then the folder graph — src/<folder>, each module of src/ itself,
// resolvers, bin — which must have no cycle other than those on the config's allow-list.
// dependency-cruiser's own folder scope cannot say this here: it counts src/ as a folder holding
// every other one, so src/http importing resolvers/ and resolvers/ importing src/errors.ts would
// make every folder part of one cycle.
//
// `node bin/run-ts.mjs scripts/architecture.ts` prints what it finds and exits 1 on any violation.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IModule } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOTS = ['src', 'resolvers', 'bin'];

/** One folder dependency the allow-list tolerates although it closes a cycle. */
export interface AllowedFolderCycle {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

export interface ArchitectureConfig {
  readonly forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  readonly options: ICruiseOptions & { tsConfig?: { fileName?: string } };
  readonly allowedFolderCycles: readonly AllowedFolderCycle[];
  readonly MAX_ALLOWED_FOLDER_CYCLES: number;
}

/** A folder dependency that is part of a cycle, with the module imports that make it. */
export interface FolderCycleEdge {
  readonly from: string;
  readonly to: string;
  readonly imports: readonly string[];
}

export interface ArchitectureReport {
  /** Module dependencies that break a rule: "rule: from → to". */
  readonly violations: readonly string[];
  /** Folder dependencies inside a cycle that the allow-list does not name. */
  readonly folderCycles: readonly FolderCycleEdge[];
  /** Allow-list entries that no longer close a cycle (remove them: the list only shrinks). */
  readonly staleAllowances: readonly AllowedFolderCycle[];
}

export function loadConfig(file = path.join(ROOT, '.dependency-cruiser.cjs')): ArchitectureConfig {
  return createRequire(import.meta.url)(file) as ArchitectureConfig;
}

/** The folder a module belongs to: src/<folder>, a module of src/ itself (src/errors.ts), or its top-level folder. */
export function folderOf(modulePath: string): string {
  const inSrc = /^src\/([^/]+)\//.exec(modulePath);
  if (inSrc) return `src/${inSrc[1]}`;
  if (/^src\/[^/]+$/.test(modulePath)) return modulePath;
  const top = /^([^/]+)\//.exec(modulePath);
  return top ? top[1]! : modulePath;
}

/** Every folder dependency that lies on a cycle of the folder graph (its strongly connected components). */
export function folderCycleEdges(modules: readonly IModule[]): FolderCycleEdge[] {
  const graph = new Map<string, Map<string, string[]>>();
  for (const m of modules) {
    if (m.coreModule || m.couldNotResolve || m.source.startsWith('node_modules/')) continue;
    for (const d of m.dependencies) {
      if (d.coreModule || d.couldNotResolve || d.resolved.startsWith('node_modules/')) continue;
      const from = folderOf(m.source);
      const to = folderOf(d.resolved);
      if (from === to) continue;
      const out = graph.get(from) ?? graph.set(from, new Map()).get(from)!;
      const imports = out.get(to) ?? out.set(to, []).get(to)!;
      imports.push(`${m.source} → ${d.resolved}${d.dependencyTypes.includes('type-only') ? ' (type only)' : ''}`);
    }
  }
  const component = stronglyConnected([...graph].map(([node, out]) => [node, [...out.keys()]]));
  const edges: FolderCycleEdge[] = [];
  for (const [from, out] of graph) {
    for (const [to, imports] of out) {
      if (component.get(from) !== undefined && component.get(from) === component.get(to)) edges.push({ from, to, imports });
    }
  }
  return edges.sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
}

/** Tarjan's algorithm: node → id of its component, for components of more than one node. */
function stronglyConnected(adjacency: readonly [string, readonly string[]][]): Map<string, number> {
  const next = new Map(adjacency);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const members: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      members.push(w);
    } while (w !== v);
    if (members.length > 1) {
      for (const member of members) component.set(member, components);
      components++;
    }
  };
  for (const [node] of adjacency) if (!index.has(node)) visit(node);
  return component;
}

/** Runs the rules and the folder-cycle check over `roots` (relative to `baseDir`). */
export async function checkArchitecture(config: ArchitectureConfig = loadConfig(), baseDir = ROOT, roots: readonly string[] = ROOTS): Promise<ArchitectureReport> {
  const { tsConfig: tsConfigOption, ...options } = config.options;
  const tsConfigFile = path.join(baseDir, tsConfigOption?.fileName ?? 'tsconfig.json');
  const hasTsConfig = existsSync(tsConfigFile);
  const cruised = await cruise(
    [...roots],
    { ...options, ...(hasTsConfig ? { tsConfig: { fileName: tsConfigFile } } : {}), baseDir, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'json' },
    undefined,
    hasTsConfig ? { tsConfig: extractTSConfig(tsConfigFile) } : undefined,
  );
  const result = (typeof cruised.output === 'string' ? JSON.parse(cruised.output) : cruised.output) as ICruiseResult;
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  const allowed = (e: { from: string; to: string }) => config.allowedFolderCycles.some((a) => a.from === e.from && a.to === e.to);
  const edges = folderCycleEdges(result.modules);
  return {
    violations,
    folderCycles: edges.filter((e) => !allowed(e)),
    staleAllowances: config.allowedFolderCycles.filter((a) => !edges.some((e) => e.from === a.from && e.to === a.to)),
  };
}

export function describeReport(report: ArchitectureReport): string[] {
  return [
    ...report.violations,
    ...report.folderCycles.map((e) => `no-folder-cycles: ${e.from} → ${e.to} closes a cycle (${e.imports.join(', ')})`),
    ...report.staleAllowances.map((a) => `allowed folder cycle ${a.from} → ${a.to} no longer exists: remove it from .dependency-cruiser.cjs`),
  ];
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const problems = describeReport(await checkArchitecture());
  for (const line of problems) console.error(line);
  if (problems.length > 0) process.exit(1);
  console.log('architecture: no violations, no folder cycles');
}
