/**
 * Installs packed tarballs into a fresh folder outside the repository the way a user would (`npm ci`
 * from a lockfile), without the network: the lockfile is derived from the repository's own, so every
 * dependency resolves to the version the repository was tested with and comes from the npm cache that
 * `npm ci` filled. Nothing of the repository ends up on the module path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, run } from './processes.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** Where node's resolution finds `name` from the package at `from` (a lockfile path). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let at = from; ; ) {
    const candidate = at === '' ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (at === '') return undefined;
    const index = at.lastIndexOf('/node_modules/');
    at = index < 0 ? '' : at.slice(0, index);
  }
}

/**
 * `tarballs`: workspace folder (e.g. `runtime`) → packed tarball; `alongside`: packages the project
 * depends on itself (its frameworks and tools, e.g. `cdktf`, `tsx`), at the versions the repository
 * has. Answers the folder's `npm ci` output.
 */
export async function installOffline(
  dir: string,
  tarballs: Record<string, string>,
  alongside: string[] = [],
): Promise<string> {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const { packages } = lock;
  const out: Record<string, LockEntry> = {};
  const rootDependencies: Record<string, string> = {};
  // a workspace's own nested node_modules move under its installed folder
  const homes = new Map<string, string>();
  for (const [workspace, tarball] of Object.entries(tarballs)) {
    const entry = packages[workspace];
    if (entry === undefined) throw new Error(`no workspace ${workspace} in the lockfile`);
    const name = String(entry['name']);
    const spec = `file:${relative(dir, tarball)}`;
    rootDependencies[name] = spec;
    homes.set(workspace, `node_modules/${name}`);
    const {
      dependencies,
      optionalDependencies,
      peerDependencies,
      peerDependenciesMeta,
      engines,
      bin,
      license,
    } = entry;
    out[`node_modules/${name}`] = {
      version: entry.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      ...(license !== undefined ? { license } : {}),
      ...(dependencies !== undefined ? { dependencies } : {}),
      ...(optionalDependencies !== undefined ? { optionalDependencies } : {}),
      ...(peerDependencies !== undefined ? { peerDependencies } : {}),
      ...(peerDependenciesMeta !== undefined ? { peerDependenciesMeta } : {}),
      ...(bin !== undefined ? { bin } : {}),
      ...(engines !== undefined ? { engines } : {}),
    };
  }
  const rehome = (path: string) => {
    for (const [workspace, home] of homes)
      if (path.startsWith(`${workspace}/`)) return `${home}${path.slice(workspace.length)}`;
    return path;
  };
  const queue = Object.keys(tarballs);
  for (const name of alongside) {
    const path = `node_modules/${name}`;
    const entry = packages[path];
    if (entry?.version === undefined || entry.link === true)
      throw new Error(`${name} is not installed at the top of the repository's node_modules`);
    rootDependencies[name] = entry.version;
    out[path] = entry;
    queue.push(path);
  }
  const seen = new Set(queue);
  while (queue.length > 0) {
    const from = queue.shift()!;
    const entry = packages[from]!;
    const wanted = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(entry.peerDependencies ?? {}).filter(
          ([n]) => !entry.peerDependenciesMeta?.[n]?.optional,
        ),
      ),
    };
    for (const name of Object.keys(wanted)) {
      const found = locate(packages, from, name);
      // a link into the repository (another workspace) is no dependency a user would have
      if (found === undefined || packages[found]!.link === true) continue;
      if (seen.has(found)) continue;
      seen.add(found);
      queue.push(found);
      out[rehome(found)] = packages[found]!;
    }
  }
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true, type: 'module', dependencies: rootDependencies }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify(
      {
        name: 'fresh-project',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'fresh-project', version: '1.0.0', dependencies: rootDependencies },
          // the repository's dev flags say nothing about the project's tree: npm recomputes them
          ...Object.fromEntries(
            Object.entries(out).map(([path, { dev, devOptional, peer, ...entry }]) => [path, entry]),
          ),
        },
      },
      null,
      2,
    )}\n`,
  );
  // minutes on a busy 2-core machine (it unpacks and links every package of the tree)
  const result = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    timeoutMs: 480_000,
  });
  if (result.code !== 0) throw new Error(`npm ci in ${dir} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout + result.stderr;
}
