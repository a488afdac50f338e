<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Every client, a search, and the form to add one. -->
  <xsl:template match="content" mode="page">
    <h1>Clients</h1>
    <form method="get" action="{$base}/staff/clients" class="filter" role="search" aria-label="Clients">
      <div class="ctl">
        <label for="f-q">Find a client</label>
        <input id="f-q" type="search" name="q" value="{/atrium/site/@query}"/>
      </div>
      <button type="submit">Search</button>
    </form>
    <xsl:choose>
      <xsl:when test="clients/client">
        <table class="list">
          <thead><tr><th scope="col">Client</th><th scope="col">Portal</th><th scope="col">Contacts</th><th scope="col">Last client sign-in</th></tr></thead>
          <tbody>
            <xsl:for-each select="clients/client">
              <tr>
                <td><a href="{$base}/staff/clients/{id}"><xsl:value-of select="name"/></a></td>
                <td><xsl:choose><xsl:when test="portal_enabled = '1'">open</xsl:when><xsl:otherwise>closed</xsl:otherwise></xsl:choose></td>
                <td><xsl:value-of select="contacts"/></td>
                <td><xsl:choose><xsl:when test="last_login"><xsl:value-of select="last_login"/></xsl:when><xsl:otherwise>never</xsl:otherwise></xsl:choose></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">search</xsl:with-param><xsl:with-param name="title">No client matches.</xsl:with-param><xsl:with-param name="text">Try another name, or add the client with the form below.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>Add a client</h2>
    <form method="post" action="{$base}/staff/clients" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">name</xsl:with-param>
        <xsl:with-param name="label">Organisation name</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <p><button type="submit" class="primary">Add client</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
