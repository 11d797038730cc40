// zh-CN messages for the "branch" area. The English file must have exactly the same keys.
export default {
}
