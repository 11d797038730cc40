import common from './common'
import home from './home'
import branch from './branch'
import settings from './settings'
import records from './records'
import rectification from './rectification'
import sync from './sync'
import check from './check'

// One file per area so that areas can grow without editing each other's files.
export default { ...common, home, branch, settings, records, rectification, sync, check }
