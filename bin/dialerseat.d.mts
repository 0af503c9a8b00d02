// Types of the launcher's exports, for the tests and benchmarks that import them.
export const COMMANDS: readonly string[];
export const USAGE: string;
export const HEAP_FLAGS: readonly string[];
export function heapFlags(command: string): string[];
export function plan(
  args: readonly string[],
): { kind: 'usage'; exitCode: number; error?: string } | { kind: 'run'; nodeArgs: string[] };
