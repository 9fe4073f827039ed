a11y-hide-original = 隐藏原文
a11y-session-heading = 与 { $name } 的对话
a11y-session-heading-waiting = 新对话，正在等待对方加入
a11y-session-failed-heading = 无法打开此会话
a11y-not-found-title = 找不到页面
a11y-not-found-hint = 请检查你输入或收到的地址。会话链接的格式如下：{ $code }。
a11y-not-found-home = 前往首页
