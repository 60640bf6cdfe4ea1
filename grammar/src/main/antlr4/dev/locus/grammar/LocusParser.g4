// The Locus language, version 1 (LANGUAGE.md): the parser. No actions: the compiler's AST builder
// is a visitor.
parser grammar LocusParser;

options { tokenVocab = LocusLexer; }


// ---------------------------------------------------------------- program

// Imports belong at the top; one that comes later parses, so that the checker can say so plainly.
program
    : (importDecl | decl)* EOF
    ;

importDecl
    : IMPORT path=STRING
    ;

decl
    : networkDecl
    | blockDecl
    | ruleDecl
    | trainDecl
    ;

// ---------------------------------------------------------------- networks

networkDecl
    : NETWORK name=ID LBRACE networkStmt* RBRACE
    ;

networkStmt
    : INPUT name=ID COLON shape                                   # inputStmt
    | CLASSES expr                                                # classesStmt
    | kind=(LAYER | OUTPUT) name=ID fromClause? ASSIGN pipeline   # layerStmt
    ;

fromClause
    : FROM ID (COMMA ID)*
    ;

shape
    : LBRACK expr (COMMA expr)* RBRACK
    ;

pipeline
    : opCall (ARROW opCall)*
    ;

opCall
    : name=ID (LPAREN argList? RPAREN)?
    ;

// ---------------------------------------------------------------- blocks

blockDecl
    : BLOCK name=ID (LPAREN paramList? RPAREN)? ASSIGN pipeline
    ;

paramList
    : param (COMMA param)*
    ;

param
    : name=ID (ASSIGN expr)?
    ;

// ---------------------------------------------------------------- rules

ruleDecl
    : RULE name=ID (LPAREN paramList? RPAREN)? LBRACE ruleSection* RBRACE
    ;

ruleSection
    : kind=(HIDDEN_KW | OUTPUT) LBRACE ruleStmt* RBRACE
    ;

ruleStmt
    : FIXED name=ID ASSIGN expr                   # fixedStmt
    | LEARNED name=ID ASSIGN expr                 # learnedStmt
    | LET name=ID ASSIGN expr                     # letStmt
    | MINIMIZE expr                               # minimizeStmt
    | PROPAGATE LPAREN argList? RPAREN            # propagateStmt
    ;

// ---------------------------------------------------------------- training

trainDecl
    : TRAIN name=ID LBRACE trainStmt* RBRACE
    ;

trainStmt
    : key=(DATA | RULE | OPTIMIZER | SCHEDULE) callee=ID (LPAREN argList? RPAREN)?   # callSetting
    | key=(BATCH | EPOCHS | SEED) expr                                            # valueSetting
    ;

// ---------------------------------------------------------------- expressions

argList
    : arg (COMMA arg)*
    ;

// `name = value` parses too, so that the AST builder can say to write `name: value` (`=` gives a
// parameter its default in a declaration, and is easily carried over into a call).
arg
    : (argName (COLON | eq=ASSIGN))? expr
    ;

// Named arguments and fields may reuse a keyword (`layerwise(epochs: 3)`; `layer.output` parses, and
// the checker says which fields exist).
argName
    : ID | EPOCHS | BATCH | SEED | CLASSES | INPUT | OUTPUT | DATA | RULE | LAYER | HIDDEN_KW
    ;

// Alternatives listed from the tightest binding to the loosest; `@` binds tighter than `*`.
expr
    : expr DOT field=argName                      # fieldExpr
    | op=MINUS expr                               # negExpr
    | expr op=AT expr                             # binaryExpr
    | expr op=(STAR | SLASH) expr                 # binaryExpr
    | expr op=(PLUS | MINUS) expr                 # binaryExpr
    | callee=ID LPAREN argList? RPAREN            # callExpr
    | LPAREN expr RPAREN                          # parenExpr
    | NUMBER                                      # numberExpr
    | STRING                                      # stringExpr
    | name=(ID | CLASSES | LAYER)                 # nameExpr
    ;
