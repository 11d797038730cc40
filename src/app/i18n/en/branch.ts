import type zh from '../zh-CN/branch'

const en: typeof zh = {
}
export default en
