import type zh from '../zh-CN'
import common from './common'
import home from './home'
import branch from './branch'
import settings from './settings'
import records from './records'

const en: typeof zh = { ...common, home, branch, settings, records }
export default en
