// zh-CN messages for the "settings" area. The English file must have exactly the same keys.
export default {
}
