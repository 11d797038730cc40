// `npm run bench`: every benchmark of the app on this machine (see README, "Benchmarks").
// The benchmarks are TypeScript (tests/bench/); tsx runs them with the `@/` paths of tsconfig.node.json.
import { register } from 'tsx/esm/api'

process.env.TSX_TSCONFIG_PATH ??= 'tsconfig.node.json'
register({ tsconfig: process.env.TSX_TSCONFIG_PATH })
const { main, printMarkdown } = await import('../tests/bench/runBench.ts')
// `npm run bench -- --markdown`: the last results as a Markdown table, without running anything.
process.exitCode = process.argv.includes('--markdown') ? printMarkdown() : await main()
