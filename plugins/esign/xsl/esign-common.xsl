<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The plugin's small stylesheet and the drawing pad (served by it). -->
  <xsl:template name="head-extra">
    <link rel="stylesheet" href="{$base}/esign/esign.css"/>
    <script src="{$base}/esign/pad.js" defer="defer"></script>
  </xsl:template>
  <!-- The envelope's facts, documents and parties, for both areas. -->
  <xsl:template name="es-envelope">
    <xsl:param name="docs"/>
    <xsl:variable name="e" select="envelope"/>
    <h1><xsl:value-of select="$e/title"/></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="badge"><xsl:with-param name="status" select="$e/state"/></xsl:call-template></dd>
      <dt>Client</dt><dd><xsl:value-of select="$e/client"/></dd>
      <dt>Sign by</dt><dd><xsl:value-of select="$e/expires_on"/></dd>
      <xsl:if test="$e/end_reason"><dt>Reason</dt><dd><xsl:value-of select="$e/end_reason"/></dd></xsl:if>
      <xsl:if test="$e/sha_after"><dt>Sealed file SHA-256</dt><dd><code class="esign-hash"><xsl:value-of select="$e/sha_after"/></code></dd></xsl:if>
      <xsl:if test="$e/ts_at"><dt>Timestamp</dt><dd><xsl:value-of select="$e/ts_at"/> UTC (RFC 3161, from the timestamp authority)</dd></xsl:if>
      <xsl:if test="$e/ts_error"><dt>Timestamp</dt><dd>None: sealed without a timestamp because <xsl:value-of select="$e/ts_error"/>.</dd></xsl:if>
    </dl>
    <xsl:if test="mine"><p><a class="button primary" href="{$base}{mine/@href}">Sign now</a></p></xsl:if>
    <xsl:if test="$e/sealed_file_id"><p><a class="button" href="{$base}/esign/{$e/id}/sealed">Download the signed document</a></p></xsl:if>
    <h2>Documents</h2>
    <ul>
      <xsl:for-each select="docs/doc">
        <li><a href="{$base}/esign/{$e/id}/doc/{position}"><xsl:value-of select="name"/></a></li>
      </xsl:for-each>
    </ul>
    <h2>Parties</h2>
    <table class="list">
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Group</th><th scope="col">Status</th><th scope="col">Signed</th></tr></thead>
      <tbody>
        <xsl:for-each select="signers/party">
          <tr><td data-label="Name"><xsl:value-of select="name"/></td><td data-label="Role"><xsl:value-of select="role"/></td>
            <td data-label="Group"><xsl:value-of select="grp"/></td>
            <td data-label="Status"><xsl:call-template name="badge"><xsl:with-param name="status" select="state"/></xsl:call-template></td>
            <td data-label="Signed"><xsl:value-of select="signed_at"/></td></tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
</xsl:stylesheet>
