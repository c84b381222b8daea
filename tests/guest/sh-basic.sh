/bin/echo ok sh-basic
/bin/echo ok sh-redirect > /sh-basic.tmp
/bin/cat /sh-basic.tmp
/bin/echo ok sh-pipe | /bin/cat
