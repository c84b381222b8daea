# sh-basic: pipes, < > >>, ;, $?, cd, && ||, quotes.
# Each failed check appends a FAIL line to $D/failed; "ok sh-basic" is
# printed at the end only if there is none.
D=/sh-basic.$$
cd /
mkdir $D
cd $D || exit 1
echo start > failed

echo one > f; echo two >> f
echo three >> f
wc < f > count
grep -q "^3 3 14$" count || echo "FAIL sh-basic: < > >> wc" >> failed

cat f | grep t | wc > count2
grep -q "^2 2 10$" count2 || echo "FAIL sh-basic: two-stage pipe" >> failed

echo a b c | cat | cat | wc > count3
grep -q "^1 3 6$" count3 || echo "FAIL sh-basic: three-stage pipe" >> failed

grep -q nomatch f; echo $? > st1
grep -q "^1$" st1 || echo "FAIL sh-basic: \$? after failing grep" >> failed
grep -q one f; echo $? > st0
grep -q "^0$" st0 || echo "FAIL sh-basic: \$? after grep" >> failed

nosuchcommand-xyz 2> err; echo $? > st127
grep -q "^127$" st127 || echo "FAIL sh-basic: \$? of missing command" >> failed
grep -q "not found" err || echo "FAIL sh-basic: not found message" >> failed

mkdir sub
cd sub
echo inside > here
cd ..
grep -q inside sub/here || echo "FAIL sh-basic: cd" >> failed
cd /nonexistent-dir 2> err; echo $? > stcd
grep -q "^1$" stcd || echo "FAIL sh-basic: cd to missing dir" >> failed

true && echo yes > and
grep -q yes and || echo "FAIL sh-basic: &&" >> failed
grep -q nomatch f || echo yes > or
grep -q yes or || echo "FAIL sh-basic: ||" >> failed

X=val
echo 'a  $X' "b $X" > q
grep -q '^a  \$X b val$' q || echo "FAIL sh-basic: quoting" >> failed

cat failed | grep FAIL
grep -q FAIL failed && exit 1
cd /
rm -r $D
echo ok sh-basic
