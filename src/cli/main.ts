#!/usr/bin/env node
import { NodeTooOld } from '../errors.ts'
import { REQUIRED_NODE, stripsTypes } from './node-version.ts'

// Checked before the commands are loaded: on an older Node, importing an app's .ts files
// would fail later with ERR_UNKNOWN_FILE_EXTENSION, which says nothing of the cause.
if (stripsTypes(process.versions.node)) {
  const { runCli } = await import('./program.ts')
  process.exitCode = await runCli(process.argv)
} else {
  const error = new NodeTooOld(
    process.versions.node,
    REQUIRED_NODE.replace(/\.0$/, ''),
    process.execPath,
  )
  process.stderr.write(`error [${error.code}] ${error.message}\n`)
  process.exitCode = 2
}
