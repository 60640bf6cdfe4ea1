// The Locus language, version 1 (LANGUAGE.md): the lexer.
lexer grammar LocusLexer;

// Malformed tokens go to their own channel: the front end reports each one once, with its
// position, and the parser goes on as if it were not there.
channels { ERRORS }

NETWORK   : 'network';
INPUT     : 'input';
CLASSES   : 'classes';
LAYER     : 'layer';
OUTPUT    : 'output';
BLOCK     : 'block';
TRAIN     : 'train';
RULE      : 'rule';
HIDDEN_KW : 'hidden';
FIXED     : 'fixed';
LEARNED   : 'learned';
LET       : 'let';
MINIMIZE  : 'minimize';
PROPAGATE : 'propagate';
IMPORT    : 'import';
DATA      : 'data';
OPTIMIZER : 'optimizer';
BATCH     : 'batch';
EPOCHS    : 'epochs';
SEED      : 'seed';
SCHEDULE  : 'schedule';
FROM      : 'from';

ARROW  : '->';
LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
LBRACK : '[';
RBRACK : ']';
COMMA  : ',';
COLON  : ':';
ASSIGN : '=';
DOT    : '.';
AT     : '@';
PLUS   : '+';
MINUS  : '-';
STAR   : '*';
SLASH  : '/';

ID     : [A-Za-z_] [A-Za-z0-9_]*;
NUMBER : DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)?;
STRING : '"' (ESCAPE | ~["\\\r\n])* '"';
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* -> channel(ERRORS);

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(ERRORS);
WS            : [ \t\r\n\f]+ -> skip;

// Anything else is one bad character, reported by the lexer's error listener with its position.
BAD_CHAR : . -> channel(ERRORS);

fragment DIGIT  : [0-9];
// Any escaped character lexes; the AST builder says which escapes are valid.
fragment ESCAPE : '\\' ~[\r\n];
