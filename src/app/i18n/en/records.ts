import type zh from '../zh-CN/records'

const en: typeof zh = {
}
export default en
