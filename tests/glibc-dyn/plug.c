/* The plug-in dynhello dlopen()s. */
int plug_base = 40;

int plug_answer(void)
{
	return plug_base + 2;
}
