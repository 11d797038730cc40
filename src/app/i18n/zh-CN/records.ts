// zh-CN messages for the "records" area. The English file must have exactly the same keys.
export default {
}
