export default {
  app: { name: '支部纪实' },
}
