// The most commonly used passwords (breach-corpus favourites), lowercase; the policy also refuses them with trailing digits.
//
// Kept short on purpose: the length rule already refuses everything under 10 characters, so
// short entries here matter as roots ("monkey" refuses "monkey2024!"), and a few hundred of the
// most frequent ones catch most of what people actually choose.
const LIST = `
123456 12345678 123456789 1234567890 0987654321 987654321 87654321 7654321 654321 1234554321
12344321 123123123 123321 112233 11223344 111222 121212 12121212 12341234 101010 102030 010203
131313 159753 159357 147258 147258369 147852 147852369 123789 123654 123654789 789456 789456123
741852963 456789 1111111111 0000000000 11111111 00000000 88888888 8675309 007007 4815162342
password password1 password123 passw0rd p@ssword p@ssw0rd pa55word pass pass123 drowssap
passwort kennwort motdepasse contraseña senha parola wachtwoord salasana haslo
qwerty qwertyuiop qwertyui qwertyu qwert qwerty123 qwerty1234 qwerty12 qwertz qwertzuiop azerty
azertyuiop asdfgh asdfghjkl asdfghjk asdf asdfasdf asdf1234 asdasd zxcvbnm zxcvbn zxc123 mnbvcxz
1qaz2wsx 1qazxsw2 zaq12wsx qazwsx qazwsxedc qazxsw qwaszx 12qwaszx qweasdzxc qweasd qweqwe qwe123
123qwe 1q2w3e 1q2w3e4r 1q2w3e4r5t q1w2e3 q1w2e3r4 q1w2e3r4t5 qwer1234 1234qwer abc123 abcd1234
abc12345 123abc a12345 a123456 123456a 123456q a1b2c3 abcdef abcdefg abcdefgh
iloveyou loveyou loveme lovely lovers lover love lovelove iloveu teamo jetaime ichliebedich
letmein welcome hello hello123 helloworld whatever trustno1 changeme secret secret123 nothing
please private access enter login default guest test test123 testing tester temp temp123
admin admin123 administrator root toor superuser sysadmin system master webmaster
helpdesk support service customer company business office welcome1 letmein1 newpassword
dragon monkey shadow sunshine princess football baseball basketball soccer hockey tennis golf
superman batman spiderman ironman starwars startrek pokemon minecraft naruto matrix merlin
gandalf pikachu mustang ferrari porsche corvette camaro mercedes yamaha harley toyota honda
michael jennifer jordan jessica michelle ashley amanda nicole daniel thomas robert charlie
andrew joshua matthew anthony justin william richard samantha melissa jonathan nicholas
christopher alexander elizabeth victoria stephanie jasmine madison hannah olivia sophie
killer hunter buster tigger tiger ranger klaster freedom maggie ginger cheese summer winter
autumn spring chelsea arsenal liverpool manchester barcelona juventus yankees cowboys
steelers lakers dallas chicago london boston newyork florida canada america england
thunder taylor diamond hammer silver golden orange purple yellow banana cookie pepper
peanut chicken coffee chocolate butterfly flower rainbow rabbit turtle dolphin monster
phoenix falcon eagle eagles cowboy bulldog panther jaguar viper scorpion wizard knight
angel angels heaven forever midnight darkness destiny trinity infinity genesis eclipse
internet computer google facebook samsung nintendo playstation xbox windows apple
money lucky happy smile friend friends family mother father sister brother baby babygirl
music guitar singer dancer player winner champion warrior legend captain doctor police
fishing hunting racing driver runner surfer snowball pumpkin muffin cupcake sweety sweetie
mickey snoopy scooby garfield bubbles fluffy kitten kitty puppy doggie buddy bailey rocky
maverick gateway compaq dakota austin bandit jackson cooper murphy tucker parker dexter
hallo schatz geheim fussball sonne blume
`;

const strip = (s: string) => s.replace(/[\p{N}\p{P}\p{S}\s]+$/u, '');

/** Every entry, and every entry without its trailing digits, so "monkey1" also covers "monkey2024". */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  LIST.split(/\s+/)
    .filter(Boolean)
    .flatMap((p) => [p, strip(p)])
    .filter((p) => p.length > 0),
);

/** True when the password, ignoring case and trailing digits or punctuation, is a common one. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  return COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(strip(lower));
}
