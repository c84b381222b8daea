export default function greet(name) {
  const greeting = `hello, ${name}`;
  return greeting.toUpperCase();
}
