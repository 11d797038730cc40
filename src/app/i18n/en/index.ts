import type zh from '../zh-CN'
import common from './common'
import home from './home'
import branch from './branch'
import settings from './settings'
import records from './records'
import rectification from './rectification'
import sync from './sync'
import check from './check'

const en: typeof zh = { ...common, home, branch, settings, records, rectification, sync, check }
export default en
