// cytoscape-svg ships no types: https://github.com/kinimesi/cytoscape-svg
declare module 'cytoscape-svg' {
  const register: (cytoscape: unknown) => void;
  export default register;
}
