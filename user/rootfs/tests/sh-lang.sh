# sh-lang: the shell language, builtins and jobs without a terminal.
# Run as: sh /tests/sh-lang.sh one "two words" three
# Each check prints "ok sh-NAME" or "FAIL sh-NAME: got [..], want [..]".

check() {
	if [ "$2" = "$3" ]; then
		echo "ok sh-$1"
	else
		echo "FAIL sh-$1: got [$3], want [$2]"
	fi
}

D=/tmp/sh-lang.$$
mkdir -p $D && cd $D || exit 1

# ---- script arguments ----
check args-count 3 $#
check args-1-2 "one|two words" "$1|$2"
s=; for a in "$@"; do s="$s<$a>"; done
check args-at "<one><two words><three>" "$s"
check args-star "one two words three" "$*"
check args-unquoted-at 4 "$(for a in $@; do echo x; done | wc -l)"
check args-empty-at 0 "$(set --; for a in "$@"; do echo x; done | wc -l)"
check args-shift "two words three" "$(shift; echo "$@")"
check args-set "a b" "$(set -- a b; echo "$1 $2")"
check dollar-zero /tests/sh-lang.sh "$0"
check sh-c-args "n x y 2" "$(sh -c 'echo $0 $1 $2 $#' n x y)"

# ---- control flow ----
r=; if true; then r=then; else r=else; fi
check if-then then $r
r=; if false; then r=then; elif true; then r=elif; else r=else; fi
check if-elif elif $r
r=; if false; then r=then; elif false; then r=elif; else r=else; fi
check if-else else $r
if false; then :; fi
check if-none-status 0 $?
i=0; s=; while [ $i -lt 5 ]; do i=$((i+1)); s=$s$i; done
check while 12345 $s
i=0; s=; until [ $i = 3 ]; do i=$((i+1)); s=$s$i; done
check until 123 $s
s=; for x in a b c; do s=$s$x; done
check for abc $s
s=; for x in; do s=$s$x; done
check for-empty "" "$s"
s=; for x in 1 2 3 4 5; do [ $x = 2 ] && continue; [ $x = 4 ] && break; s=$s$x; done
check break-continue 13 $s
s=; for a in 1 2; do for b in x y z; do [ $b = y ] && continue 2; s=$s$a$b; done; done
check continue-2 1x2x $s
s=; for a in 1 2; do for b in x y; do s=$s$a$b; break 2; done; done
check break-2 1x $s
s=; while true; do while true; do s=in; break 2; done; s=wrong; done
check while-break-2 in $s
case hello.c in *.h) r=h ;; *.c|*.C) r=c ;; *) r=other ;; esac
check case-glob c $r
case x in [abc]) r=1 ;; [x-z]) r=2 ;; esac
check case-bracket 2 $r
case '*' in "*") r=quoted ;; *) r=any ;; esac
check case-quoted-star quoted $r
case abc in a*c) r=y ;; esac
check case-fallthrough-none y $r
r=none; case z in a) r=a ;; esac
check case-nomatch none $r
v=world; case "hello world" in "hello $v") r=var ;; *) r=no ;; esac
check case-var-pattern var $r
true && r=and || r=or
check and and $r
false && r=and || r=or
check or or $r
! false
check not 0 $?
! true
check not-true 1 $?
false; check status-false 1 $?
nosuchcmd-xyz 2>/dev/null; check status-notfound 127 $?
sh -c 'exit 7'; check status-exit 7 $?
(exit 9); check status-subshell 9 $?
true | false; check status-pipe-last 1 $?
false | true; check status-pipe-true 0 $?

# ---- functions ----
add() { echo $(($1 + $2)); }
check func-args 5 "$(add 2 3)"
early() { echo one; return 4; echo two; }
out=$(early); check func-return-status 4 $?
check func-return-out one "$out"
loopret() { for i in 1 2 3; do [ $i = 2 ] && return $i; done; return 9; }
loopret; check func-return-loop 2 $?
outer() { echo "$# $1"; }
check func-own-args "1 x" "$(outer x)"
check func-args-restored 3 $#
g() ( exit 6 ); g; check func-subshell-body 6 $?
check func-type "add is a function" "$(type add)"

# ---- variables and expansion ----
x=val
check var-plain val $x
check var-brace valx ${x}x
check var-default def "${unset_var:-def}"
check var-default-set val "${x:-def}"
check var-assign-default new "${newvar:=new}"
check var-assigned new "$newvar"
check var-alt alt "${x:+alt}"
check var-alt-unset "" "${unset_var:+alt}"
check var-length 3 ${#x}
f=archive.tar.gz
check trim-suffix archive.tar "${f%.*}"
check trim-suffix-long archive "${f%%.*}"
check trim-prefix tar.gz "${f#*.}"
check trim-prefix-long gz "${f##*.}"
check dollar-question 0 "$(true; echo $?)"
check dollar-dollar yes "$( [ $$ -gt 1 ] && echo yes)"
check quotes-single '$x "q"' '$x "q"'
check quotes-double 'val "q" $x \' "$x \"q\" \$x \\"
check quotes-backslash 'a b' a\ b
check quotes-mixed 'a val b' 'a '"$x"' b'
check cmdsubst "a b" "$(echo a b)"
check cmdsubst-nested inner "$(echo $(echo inner))"
check cmdsubst-backquote bq "`echo bq`"
check cmdsubst-newlines "a" "$(echo a; echo; echo)"
check cmdsubst-inner-quotes "x y" "$(echo "x y")"
check arith 17 $((2 + 3 * 5))
check arith-parens 25 $(( (2 + 3) * 5 ))
n=4; check arith-name 8 $((n * 2))
check arith-compare "1 0 1" "$((3 > 2)) $((3 < 2)) $((2 == 2))"
check arith-divmod "3 1 -2" "$((10 / 3)) $((10 % 3)) $((-7 / 3))"
sp="a   b	c"
check split-unquoted 3 "$(for w in $sp; do echo $w; done | wc -l)"
check split-quoted 1 "$(for w in "$sp"; do echo "$w"; done | wc -l)"
old_ifs=$IFS; IFS=:; p=a:b::c; s=; for w in $p; do s="$s<$w>"; done; IFS=$old_ifs
check split-ifs "<a><b><><c>" "$s"
check tilde "$HOME/x" ~/x
check tilde-quoted "~" "~"
y=1; y=2 sh -c 'exit 0'
check prefix-assign-scope 1 $y
check prefix-assign-env 5 "$(z=5 sh -c 'echo $z')"
export EXPORTED=yes
check export yes "$(sh -c 'echo $EXPORTED')"
NOTEXP=no
check no-export "" "$(sh -c 'echo $NOTEXP')"
unset EXPORTED
check unset "" "$(sh -c 'echo $EXPORTED')$EXPORTED"
(x=changed)
check subshell-isolation val $x
{ x=group; }
check group-same-shell group $x
x=val
long=012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
check long-line 300 ${#long}
echo a \
b > cont
check line-continuation "a b" "$(cat cont)"
check comment "x" "$(echo x # not this)"

# ---- globbing ----
touch a.c b.c c.h .hidden d.txt
check glob-star "a.c b.c" "$(echo *.c)"
check glob-question "a.c b.c" "$(echo ?.c)"
check glob-bracket "a.c c.h" "$(echo [ac].?)"
check glob-bracket-neg "b.c" "$(echo [!ac].c)"
check glob-nomatch "*.nomatch" "$(echo *.nomatch)"
check glob-quoted "*.c" "$(echo "*.c")"
check glob-escaped "*.c" "$(echo \*.c)"
check glob-hidden "a.c b.c c.h cont d.txt" "$(echo *)"
check glob-dot ".hidden" "$(echo .h*)"
mkdir -p sub/dir && touch sub/dir/f1 sub/dir/f2
check glob-path "sub/dir/f1 sub/dir/f2" "$(echo sub/*/f?)"
v='*.c'
check glob-from-var "a.c b.c" "$(echo $v)"
check glob-var-quoted '*.c' "$(echo "$v")"
check glob-case-word "a.c" "$(for f in *.c; do case $f in a*) echo $f ;; esac; done)"

# ---- redirections ----
echo one > r; echo two >> r
nl='
'
check redir-out-append "one${nl}two" "$(cat r)"
check redir-lines 2 "$(wc -l < r)"
check redir-stderr "err" "$(sh -c 'echo err >&2' 2>&1)"
check redir-stderr-null "" "$(sh -c 'echo err >&2' 2>/dev/null)"
sh -c 'echo o; echo e >&2' > both 2>&1
check redir-both 2 "$(wc -l < both)"
check redir-close "x" "$(echo x 3>&-)"
{ echo g1; echo g2; } > grp
check redir-group 2 "$(wc -l < grp)"
for i in 1 2 3; do echo $i; done > loop
check redir-loop 3 "$(wc -l < loop)"
n=0; while read line; do n=$((n+1)); done < loop
check while-read 3 $n
read first rest < r
check read "one" "$first"
echo "a b c d" > words; read w1 w2 < words
check read-rest "a|b c d" "$w1|$w2"
exec 4> fd4; echo via4 >&4; exec 4>&-
check exec-fd via4 "$(cat fd4)"
check pipe-3 3 "$(echo a b c | cat | wc -w)"

# ---- builtins ----
check pwd "$D" "$(pwd)"
mkdir -p cdt; cd cdt
check cd "$D/cdt" "$(pwd)"
cd - > /dev/null
check cd-back "$D" "$(pwd)"
check cd-missing 1 "$(cd /nonexistent 2>/dev/null; echo $?)"
check type-builtin "cd is a shell builtin" "$(type cd)"
check type-keyword "if is a shell keyword" "$(type if)"
check type-path "ls is /bin/ls" "$(type ls)"
check type-missing 1 "$(type nosuch-xyz 2>/dev/null; echo $?)"
check help-lists yes "$(help | grep -q wait && echo yes)"
old=$(umask); umask 077
check umask 0077 "$(umask)"
touch um; check umask-applied "-rw-------" "$(ls -l um | while read m rest; do echo $m; done)"
umask $old
check eval "a b" "$(eval 'echo a' b)"
echo 'sourced=yes' > src.sh; . ./src.sh
check source yes $sourced
check test-file 0 "$(test -f r; echo $?)"
check test-dir 0 "$([ -d sub ]; echo $?)"
check test-string 1 "$([ -z x ]; echo $?)"
check test-num 0 "$([ 10 -gt 9 ] && [ 3 -le 3 ]; echo $?)"
check test-not-and-or 0 "$([ ! -e nosuch -a -e r -o -e nosuch ]; echo $?)"
check test-eq-op 0 "$([ "-n" = "-n" ]; echo $?)"
check exit-status 3 "$(sh -c 'exit 3'; echo $?)"
check syntax-error 2 "$(sh -c 'if then' 2>/dev/null; echo $?)"

# ---- jobs without a terminal ----
sleep 0.1 & p=$!
check bg-pid yes "$([ $p -gt 1 ] && echo yes)"
wait $p; check wait-pid 0 $?
sh -c 'exit 5' & wait $!; check wait-status 5 $?
sh -c 'exit 6' & wait %sh; check wait-job-name 6 $?
sleep 1 & sleep 1 & wait; check wait-all "0:" "$?:$(jobs)"
sleep 10 &
check jobs-running "[1]+  Running                 sleep 10" "$(jobs)"
kill -STOP %1
n=0; until jobs | grep -q Stopped || [ $n = 2000 ]; do n=$((n+1)); done
check jobs-stopped "[1]+  Stopped (signal)        sleep 10" "$(jobs)"
bg %1 > /dev/null
n=0; until jobs | grep -q Running || [ $n = 2000 ]; do n=$((n+1)); done
check bg "[1]+  Running                 sleep 10" "$(jobs)"
kill %1; wait %1; check kill-job 143 $?
check jobs-empty "" "$(jobs)"
sleep 0.2 & fg %1 > /dev/null; check fg 0 $?

cd /
rm -r $D
