// Word lists for generated catalogues: person-like names, and the vocabulary of SKUs and descriptions.

export const FIRST_NAMES = `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald
Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
Timothy Stephanie Ronald Dorothy Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas
Angela Eric Shirley Jonathan Brenda Stephen Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine
Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis Heather Jerry
Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry Lauren Zachary Kelly Douglas Christina Peter
Ruth Kyle Joan Noah Virginia Ethan Judith Jeremy Evelyn Christian Hannah Walter Andrea Keith Megan Austin Cheryl Roger
Jacqueline Terry Madison Sean Teresa Gerald Abigail Carl Sophia Dylan Martha Harold Sara Jordan Gloria Jesse Janice Bryan
Kathryn Lawrence Ann Arthur Isabella Gabriel Judy Bruce Charlotte Logan Julia Billy Grace Joe Amber Alan Alice Juan
Jean Elijah Denise Willie Frances Albert Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent Diana Liam Brittany
Roy Theresa Bobby Kayla Caleb Alexis Bradley Doris Russell Lori Lucas Tiffany Bryce Erin Troy Crystal Shane Tracy`.split(/\s+/);

export const LAST_NAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez
Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell
Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan
Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran
Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas
Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt
Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce
Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews
Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval
Guerrero George Chapman Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado
Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs OBrien Lynch Singh Vega Bishop Montgomery Oliver Jensen
Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch
Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta
Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila`.split(/\s+/);

export const PREFIXES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Miss'];
export const SUFFIXES = ['Jr.', 'Sr.', 'II', 'III', 'IV', 'MD', 'DDS', 'PhD', 'DVM'];

export const WORDS = `able about above accept across act action activity actually add address adult affect after again
against age agency agent ago agree ahead air all allow almost alone along already also although always among amount
analysis and animal another answer any anyone anything appear apply approach area argue arm around arrive art article
artist ask assume attack attention attorney audience author authority available avoid away baby back bad bag ball bank
bar base be beat beautiful because become bed before begin behavior behind believe benefit best better between beyond big
bill billion bit black blood blue board body book born both box boy break bring brother budget build building business
but buy by call camera campaign can cancer candidate capital car card care career carry case catch cause cell center
central century certain certainly chair challenge chance change character charge check child choice choose church citizen
city civil claim class clear clearly close coach cold collection college color come commercial common community company
compare computer concern condition conference consider consumer contain continue control cost could country couple course
court cover create crime cultural culture cup current customer cut dark data daughter day dead deal death debate decade
decide decision deep defense degree democrat describe design despite detail determine develop development die difference
different difficult dinner direction director discover discuss discussion disease do doctor dog door down draw dream drive
drop drug during each early east easy eat economic economy edge education effect effort eight either election else
employee end energy enjoy enough enter entire environment especially establish even evening event ever every everybody
evidence exactly example executive exist expect experience expert explain eye face fact factor fail fall family far fast
father fear federal feel feeling few field fight figure fill film final finally financial find fine finger finish fire
firm first fish five floor fly focus follow food foot for force foreign forget form former forward four free friend from
front full fund future game garden gas general generation get girl give glass go goal good government great green ground
group grow growth guess gun guy hair half hand hang happen happy hard have he head health hear heart heat heavy help her
here herself high him himself his history hit hold home hope hospital hot hotel hour house how however huge human hundred
husband idea identify image imagine impact important improve include including increase indeed indicate individual
industry information inside instead institution interest interesting international interview into investment involve
issue item its itself job join just keep key kid kill kind kitchen know knowledge land language large last late later
laugh law lawyer lay lead leader learn least leave left leg legal less let letter level lie life light like likely line
list listen little live local long look lose loss lot love low machine magazine main maintain major majority make man
manage management manager many market marriage material matter may maybe mean measure media medical meet meeting member
memory mention message method middle might military million mind minute miss mission model modern moment money month more
morning most mother mouth move movement movie much music must myself name nation national natural nature near nearly
necessary need network never new news newspaper next nice night none nor north not note nothing notice now number occur
off offer office officer official often oil old once one only onto open operation opportunity option order organization
other others our out outside over own owner page pain painting paper parent part participant particular particularly
partner party pass past patient pattern pay peace people per perform performance perhaps period person personal phone
physical pick picture piece place plan plant play player point police policy political politics poor popular population
position positive possible power practice prepare present president pressure pretty prevent price private probably
problem process produce product production professional professor program project property protect prove provide public
pull purpose push put quality question quickly quite race radio raise range rate rather reach read ready real reality
realize really reason receive recent recently recognize record red reduce reflect region relate relationship religious
remain remember remove report represent republican require research resource respond response rest result return reveal
rich right rise risk road rock role room rule run safe same save say scene school science scientist score sea season seat
second section security see seek seem sell send senior sense series serious serve service set seven several shake share
she shoot short shot should shoulder show side sign significant similar simple simply since sing single sister sit site
situation six size skill skin small smile social society soldier some somebody someone something sometimes son song soon
sort sound source south southern space speak special specific speech spend sport spring staff stage stand standard star
start state statement station stay step still stock stop store story strategy street strong structure student study
stuff style subject success successful such suddenly suffer suggest summer support sure surface system table take talk
task tax teach teacher team technology television tell ten tend term test than thank that the their them themselves then
theory there these they thing think third this those though thought thousand threat three through throughout throw thus
time to today together tonight too top total tough toward town trade traditional training travel treat treatment tree
trial trip trouble true truth try turn two type under understand unit until up upon us use usually value various very
victim view violence visit voice vote wait walk wall want war watch water way weapon wear week weight well west western
what whatever when where whether which while white who whole whom whose why wide wife will win wind window wish with
within without woman wonder word work worker world worry would write writer wrong yard yeah year yes yet you young your`.split(/\s+/);
