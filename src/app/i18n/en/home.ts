import type zh from '../zh-CN/home'

const en: typeof zh = {
}
export default en
