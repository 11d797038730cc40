// zh-CN messages for the "home" area. The English file must have exactly the same keys.
export default {
}
